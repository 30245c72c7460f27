import { jetstream, jetstreamManager, type JetStreamClient } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
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
export async function natsConsumer(opts: { url: string; logger: Logger; name?: string }): Promise<EventConsumer & { close(): Promise<void> }> {
  const nc = await connect({ servers: opts.url.replace(/^nats:\/\//, ""), name: "caribex-relay", maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(NATS_STREAM);
  } catch {
    await jsm.streams.add({ name: NATS_STREAM, subjects: [`${NATS_SUBJECT_PREFIX}.>`] });
  }
  const js: JetStreamClient = jetstream(nc);
  return {
    name: opts.name ?? "nats",
    async deliver(events: OutboxEvent[]) {
      // Sent together, acknowledged together: JetStream keeps them in the order they were sent.
      const acks = events.map((e) => js.publish(natsSubject(e.type), JSON.stringify(eventEnvelope(e)), { msgID: e.id }));
      await Promise.all(acks);
    },
    async close() {
      await nc.drain().catch(() => {});
    },
  };
}
