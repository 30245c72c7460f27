import { jetstream, jetstreamManager, type JetStreamClient } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eventEnvelope, type OutboxEvent } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import type { EventConsumer } from "./relay";

/** The JetStream stream every event goes to, and the subjects it holds. */
export const NATS_STREAM = "CARIBEX_EVENTS";
export const NATS_SUBJECT_PREFIX = "caribex.events";
export const natsSubject = (type: string) => `${NATS_SUBJECT_PREFIX}.${type}`;

/**
 * Publishes each event to JetStream on `caribex.events.<type>` with `Nats-Msg-Id` = the event id, so the stream
 * drops a copy the relay sends again after a crash (within the stream's duplicate window, 2 minutes by default);
 * the cursor moves only after JetStream acknowledged every event of the batch.
 */
export function natsConsumer(opts: {
  url: string;
  logger: Logger;
  /** The cursor's name. */
  name?: string;
  /** Tests use a stream and subjects of their own. */
  stream?: string;
  subjectPrefix?: string;
}): EventConsumer & { close(): Promise<void> } {
  const stream = opts.stream ?? NATS_STREAM;
  const prefix = opts.subjectPrefix ?? NATS_SUBJECT_PREFIX;
  // Connected on first use and again after a failure, so a broker that is down at boot delays only this consumer.
  let client: Promise<{ nc: NatsConnection; js: JetStreamClient }> | null = null;
  const open = async () => {
    const nc = await connect({ servers: opts.url.replace(/^nats:\/\//, ""), name: "caribex-relay", maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.info(stream);
    } catch {
      await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
    }
    return { nc, js: jetstream(nc) };
  };
  return {
    name: opts.name ?? "nats",
    async deliver(events: OutboxEvent[]) {
      client ??= open();
      let js: JetStreamClient;
      try {
        ({ js } = await client);
      } catch (e) {
        client = null;
        throw e;
      }
      // Sent together, acknowledged together: JetStream keeps them in the order they were sent.
      await Promise.all(events.map((e) => js.publish(`${prefix}.${e.type}`, JSON.stringify(eventEnvelope(e)), { msgID: e.id })));
    },
    async close() {
      const c = await client?.catch(() => null);
      await c?.nc.drain().catch(() => {});
    },
  };
}
