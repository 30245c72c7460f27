import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "./client";
import { EVENT_RETENTION_DAYS, housekeeping, IDEMPOTENCY_RETENTION_DAYS } from "./housekeeping";
import { createTestDatabase, type TestDatabase } from "./testing";
import { createUnitOfWork } from "./uow";
import { rowsOf } from "./repositories/util";

/**
 * Every row kind housekeeping removes, each with a dead and a live (or still needed) twin: only the dead ones go.
 * The rows are written directly by the database owner, with times relative to the database's own clock.
 */
async function exercise(database: Database) {
  const uow = createUnitOfWork(database);
  const { user } = await uow.run({ kind: "system" }, (r) => r.users.upsertByAddress(`0x${randomUUID().replaceAll("-", "").padEnd(40, "0")}`, `hk-${randomUUID().slice(0, 8)}`));
  const u = user.id;
  const ids = { expired: randomUUID(), revoked: randomUUID(), live: randomUUID(), revokedFamily: randomUUID() };
  const at = (interval: string) => sql`now() + ${interval}::interval`;

  await database.db.execute(sql`insert into auth_nonces (nonce, expires_at) values ('old-nonce', ${at("-1 minute")}), ('fresh-nonce', ${at("5 minutes")})`);
  await database.db.execute(sql`insert into refresh_tokens (user_id, family_id, token_hash, expires_at) values
    (${u}, ${randomUUID()}, 'long-gone', ${at("-2 days")}),
    (${u}, ${randomUUID()}, 'just-expired', ${at("-1 hour")}),
    (${u}, ${randomUUID()}, 'valid', ${at("7 days")})`);
  await database.db.execute(sql`insert into idempotency_keys (scope, user_id, key, request_hash, created_at) values
    ('wallet.withdraw', ${u}, 'stale', 'h', ${at(`-${IDEMPOTENCY_RETENTION_DAYS + 1} days`)}),
    ('wallet.withdraw', ${u}, 'recent', 'h', ${at(`-${IDEMPOTENCY_RETENTION_DAYS - 1} days`)})`);
  await database.db.execute(sql`insert into sessions (id, user_id, expires_at, revoked_at) values
    (${ids.expired}, ${u}, ${at("-1 second")}, null),
    (${ids.revoked}, ${u}, ${at("1 day")}, ${at("-1 minute")}),
    (${ids.live}, ${u}, ${at("1 day")}, null)`);

  // Events: an old one every consumer has read goes; an old one a consumer has not read yet, and a recent one, stay.
  const old = at(`-${EVENT_RETENTION_DAYS + 1} days`);
  await database.db.execute(sql`insert into outbox_events (type, data, seq, relayed_at) values
    ('order.paid', '{"k":"old-read"}', 1, ${old}), ('order.paid', '{"k":"old-unread"}', 2, ${old}), ('order.paid', '{"k":"recent"}', 3, now())`);
  await database.db.execute(sql`insert into outbox_cursors (consumer, last_seq) values ('a', 1), ('b', 3)`);
  const [endpoint] = rowsOf<{ id: string }>(
    await database.db.execute(sql`insert into webhook_endpoints (owner_id, url, events, secret) values (${u}, 'https://hooks.example/x', '{order.paid}', 'whsec_x') returning id`),
  );
  await database.db.execute(sql`insert into webhook_deliveries (endpoint_id, event_id, event_type, payload, status, last_attempt_at) values
    (${endpoint!.id}, ${randomUUID()}, 'order.paid', '{"k":"old-done"}', 'succeeded', ${old}),
    (${endpoint!.id}, ${randomUUID()}, 'order.paid', '{"k":"old-pending"}', 'pending', ${old}),
    (${endpoint!.id}, ${randomUUID()}, 'order.paid', '{"k":"recent-done"}', 'failed', now())`);

  const removed = await housekeeping(database);
  expect(removed).toEqual({ nonces: 1, refreshTokens: 1, idempotencyKeys: 1, sessions: 2, events: 1, deliveries: 1 });

  const left = async (q: ReturnType<typeof sql>) => rowsOf<{ k: string }>(await database.db.execute(q)).map((r) => r.k).sort();
  expect(await left(sql`select nonce as k from auth_nonces`)).toEqual(["fresh-nonce"]);
  expect(await left(sql`select token_hash as k from refresh_tokens`)).toEqual(["just-expired", "valid"]);
  expect(await left(sql`select key as k from idempotency_keys`)).toEqual(["recent"]);
  expect(await left(sql`select id::text as k from sessions`)).toEqual([ids.live]);
  expect(await left(sql`select data->>'k' as k from outbox_events`)).toEqual(["old-unread", "recent"]);
  expect(await left(sql`select payload->>'k' as k from webhook_deliveries`)).toEqual(["old-pending", "recent-done"]);

  // Nothing more to do the second time.
  expect(await housekeeping(database)).toEqual({ nonces: 0, refreshTokens: 0, idempotencyKeys: 0, sessions: 0, events: 0, deliveries: 0 });
}

describe("housekeeping", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("deletes only expired nonces, refresh tokens, idempotency keys and dead sessions (PostgreSQL)", async () => {
    await exercise(t.database);
  });

  it("does the same on the embedded database", async () => {
    const database = await createDatabase();
    try {
      await exercise(database);
    } finally {
      await database.close();
    }
  });
});
