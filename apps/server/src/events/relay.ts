import type { OutboxStore } from "@caribex/db";
import { eventEnvelope, type OutboxEvent } from "@caribex/domain";
import type { Logger } from "@caribex/observability";

/** A consumer outside the database: gets every event once its cursor reaches it, in sequence, at least once. */
export interface EventConsumer {
  /** Its cursor's name; renaming it replays the whole outbox to it. */
  name: string;
  deliver(events: OutboxEvent[]): Promise<void>;
}

export interface RelayOptions {
  outbox: OutboxStore;
  consumers: EventConsumer[];
  logger: Logger;
  batchSize?: number;
  /** Called when a pass queued webhook deliveries (the delivery job can look now). */
  onDeliveries?: () => void;
}

export interface Relay {
  /** Sequences every committed event (queuing its webhook deliveries) and feeds each consumer up to the end. */
  pass(): Promise<{ sequenced: number; delivered: Record<string, number> }>;
}

/**
 * The outbox relay, one pass of the `outbox-relay` job. Sequencing and the webhook fan-out commit together; each
 * consumer outside the database then reads by its own cursor, so one that is down (NATS) holds back only itself
 * and catches up, in order, once it is back. A crash anywhere leaves each cursor before the events it had not
 * confirmed: they come again, with the same ids.
 */
export function createRelay(opts: RelayOptions): Relay {
  const batchSize = opts.batchSize ?? 500;
  return {
    async pass() {
      let sequenced = 0;
      for (;;) {
        const { events, deliveries } = await opts.outbox.sequence(batchSize, eventEnvelope);
        sequenced += events.length;
        if (deliveries > 0) opts.onDeliveries?.();
        if (events.length < batchSize) break;
      }
      const delivered: Record<string, number> = {};
      const failures: string[] = [];
      for (const consumer of opts.consumers) {
        delivered[consumer.name] = 0;
        try {
          for (;;) {
            const n = await opts.outbox.consume(consumer.name, batchSize, (events) => consumer.deliver(events));
            delivered[consumer.name]! += n;
            if (n < batchSize) break;
          }
        } catch (e) {
          failures.push(`${consumer.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (failures.length) throw new Error(`Events wait for ${failures.join("; ")}`);
      return { sequenced, delivered };
    },
  };
}
