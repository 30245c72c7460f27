import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventEnvelope, type Actor } from "@caribex/domain";
import { createOutboxStore } from "./outbox";
import { seed, type SeedResult } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { asActor, expectRefused } from "./testing/rls";

describe("the outbox under row-level security", () => {
  let t: TestDatabase;
  let users: SeedResult["users"];
  const { as, rows, owner } = asActor(() => t);
  const user = (role: "customer" | "seller" | "admin"): Actor => ({ kind: "user", userId: users.find((u) => u.role === role)!.id, role });

  beforeAll(async () => {
    t = await createTestDatabase();
    users = (await seed(t.database)).users;
    await owner(sql`select outbox_append('order.paid', '{"orderId":"x"}'::jsonb, '{}'::uuid[])`);
  });
  afterAll(() => t?.drop());

  it("is written only by the outbox triggers: users and the system may neither insert nor call outbox_append", async () => {
    for (const actor of [user("customer"), user("admin"), { kind: "system" } as const]) {
      await expectRefused(as(actor, (db) => db.execute(sql`insert into outbox_events (type, data) values ('order.paid', '{}')`)), /permission denied/);
      await expectRefused(as(actor, (db) => db.execute(sql`select outbox_append('order.paid', '{}'::jsonb, '{}'::uuid[])`)), /permission denied/);
    }
  });

  it("is read by admins and the system only, and sequenced by the system only", async () => {
    expect(await rows(user("customer"), sql`select id from outbox_events`)).toEqual([]);
    expect(await rows(user("seller"), sql`update outbox_events set seq = 99 returning id`)).toEqual([]);
    expect(await rows(user("admin"), sql`update outbox_events set seq = 99 returning id`)).toEqual([]);
    expect((await rows(user("admin"), sql`select id from outbox_events`)).length).toBe(1);
    expect(await rows(user("customer"), sql`select consumer from outbox_cursors`)).toEqual([]);
    const { events } = await createOutboxStore(t.database).sequence(10, eventEnvelope);
    expect(events.map((e) => [e.type, e.seq])).toEqual([["order.paid", 1n]]);
  });

  it("gives sequence numbers in the order events were written, without gaps, and each event once", async () => {
    await owner(sql`select outbox_append('order.shipped', jsonb_build_object('n', g), '{}'::uuid[]) from generate_series(1, 5) g`);
    const store = createOutboxStore(t.database);
    const [a, b] = await Promise.all([store.sequence(3, eventEnvelope), store.sequence(3, eventEnvelope)]);
    const all = [...a.events, ...b.events].sort((x, y) => (x.seq < y.seq ? -1 : 1));
    expect(all.map((e) => e.seq)).toEqual([2n, 3n, 4n, 5n, 6n]);
    expect(all.map((e) => e.data.n)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.sequence(10, eventEnvelope)).events).toEqual([]);
  });
});
