import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventEnvelope } from "@caribex/domain";
import { createDatabase, type Database } from "./client";
import { createOutboxStore } from "./outbox";
import { createWebhookStore } from "./repositories/webhooks";
import { seed } from "./seed";

/** The embedded database (`pnpm dev`) runs the same relay SQL: sequencing, the webhook fan-out, cursors and claims. */
describe("the outbox on PGlite", () => {
  let database: Database;
  let sellerId: string;
  beforeAll(async () => {
    database = await createDatabase();
    const { users } = await seed(database);
    sellerId = users.find((u) => u.role === "seller")!.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it("sequences events, queues their deliveries, feeds a consumer by cursor and hands out due deliveries", async () => {
    const endpoint = await createWebhookStore(database).run({ kind: "user", userId: sellerId, role: "seller" }, (repo) =>
      repo.create({ ownerId: sellerId, serviceClientId: null, allEvents: false, url: "https://hooks.example/x", description: null, events: ["order.paid"], secret: "whsec_dGVzdA==" }),
    );
    await database.db.execute(sql`select outbox_append('order.paid', jsonb_build_object('total', '1500', 'currency', 'JMD', 'n', g), ARRAY[${sellerId}::uuid]) from generate_series(1, 3) g`);
    const store = createOutboxStore(database);
    const { events, deliveries } = await store.sequence(10, eventEnvelope);
    expect(events.map((e) => e.seq)).toEqual([1n, 2n, 3n]);
    expect(events[0]!.audience).toEqual([sellerId]);
    expect(deliveries).toBe(3);
    const seen: number[] = [];
    expect(await store.consume("test", 2, async (batch) => void seen.push(...batch.map((e) => Number(e.seq))))).toBe(2);
    expect(await store.consume("test", 2, async (batch) => void seen.push(...batch.map((e) => Number(e.seq))))).toBe(1);
    expect(seen).toEqual([1, 2, 3]);
    const claimed = await store.claimDeliveries(new Date(Date.now() + 60_000), 10, 30_000);
    expect(claimed.map((d) => d.endpointId)).toEqual([endpoint.id, endpoint.id, endpoint.id]);
    expect(claimed[0]!.payload.data.total).toBe("15.00");
    // Leased: not handed out again until the lease runs out.
    expect(await store.claimDeliveries(new Date(Date.now() + 60_000), 10, 30_000)).toEqual([]);
  });
});
