import { randomBytes } from "node:crypto";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxStore, type Database } from "@caribex/db";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { createLogger } from "@caribex/observability";
import { natsConsumer } from "../src/events/nats-consumer";
import { createRelay, type EventConsumer } from "../src/events/relay";

const NATS = "nats://127.0.0.1:4222";
const tag = randomBytes(4).toString("hex");
const stream = `TEST_EVENTS_${tag}`;
const prefix = `test-${tag}.events`;
const logger = createLogger({ level: "silent" });

let db: TestDatabase;
let nc: NatsConnection;

beforeAll(async () => {
  db = await createTestDatabase();
  nc = await connect({ servers: NATS.replace("nats://", "") });
});
afterAll(async () => {
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => {});
  await nc?.drain();
  await db?.drop();
});

const relayWith = (database: Database, consumer: EventConsumer) => createRelay({ outbox: createOutboxStore(database), consumers: [consumer], logger });

describe("events to NATS JetStream", () => {
  it("1,000 events reach a durable consumer exactly once, with a relay that crashed mid-way and restarted", async () => {
    await db.database.db.execute(
      `insert into outbox_events (type, data, audience) select 'order.paid', jsonb_build_object('orderId', gen_random_uuid(), 'n', g, 'total', '100', 'currency', 'JMD'), '{}' from generate_series(1, 1000) g`,
    );
    // First process: publishes the first batch, then dies before its cursor moves.
    const first = natsConsumer({ url: NATS, logger, stream, subjectPrefix: prefix });
    const crashing: EventConsumer = {
      name: first.name,
      async deliver(events) {
        await first.deliver(events);
        throw new Error("killed after publishing, before the cursor moved");
      },
    };
    await expect(relayWith(db.database, crashing).pass()).rejects.toThrow(/killed after publishing/);
    await first.close();

    // Second process: starts from the cursor, sends the first batch again (deduplicated by Nats-Msg-Id) and the rest.
    const second = natsConsumer({ url: NATS, logger, stream, subjectPrefix: prefix });
    const { delivered } = await relayWith(db.database, second).pass();
    expect(delivered.nats).toBe(1000);
    await second.close();

    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(stream)).state.messages).toBe(1000);
    await jsm.consumers.add(stream, { durable_name: "reader", ack_policy: AckPolicy.Explicit });
    const consumer = await jetstream(nc).consumers.get(stream, "reader");
    const seen = new Map<string, number>();
    while (seen.size < 1000) {
      const batch = await consumer.fetch({ max_messages: 250, expires: 2000 });
      for await (const m of batch) {
        const event = m.json<{ id: string; type: string; data: { n: number; total: string } }>();
        expect(m.headers?.get("Nats-Msg-Id")).toBe(event.id);
        expect(m.subject).toBe(`${prefix}.order.paid`);
        expect(event.data.total).toBe("1.00");
        seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
        m.ack();
      }
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const info = await consumer.info();
    expect(info.num_pending).toBe(0);
    expect(info.delivered.stream_seq).toBe(1000);
  });
});
