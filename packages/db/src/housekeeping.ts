import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { withActor } from "./uow";
import { rowsOf } from "./repositories/util";

/** How long relayed events and finished webhook deliveries are kept (the delivery log, replays). */
export const EVENT_RETENTION_DAYS = 30;

/** How long a client may retry a money movement with the same idempotency key. */
export const IDEMPOTENCY_RETENTION_DAYS = 7;

/**
 * Deletes what nobody can use any more: expired sign-in nonces, refresh tokens a day past expiry (kept that
 * long so a late reuse is still recognised as such), idempotency keys past the retry window, and sessions that
 * have expired or were revoked (a session is signed in only while its record is live, so a missing record and a
 * dead one mean the same). Events relayed more than EVENT_RETENTION_DAYS ago that every consumer has read, and webhook
 * deliveries finished that long ago, go too.
 */
export async function housekeeping(
  database: Database,
): Promise<{ nonces: number; refreshTokens: number; idempotencyKeys: number; sessions: number; events: number; deliveries: number }> {
  return withActor(database, { kind: "system" }, async (tx) => {
    const count = async (q: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await tx.execute(q))[0]?.n ?? 0;
    const nonces = await count(sql`with d as (delete from auth_nonces where expires_at < now() returning 1) select count(*)::int as n from d`);
    const refreshTokens = await count(
      sql`with d as (delete from refresh_tokens where expires_at < now() - interval '1 day' returning 1) select count(*)::int as n from d`,
    );
    const idempotencyKeys = await count(
      sql`with d as (delete from idempotency_keys where created_at < now() - make_interval(days => ${IDEMPOTENCY_RETENTION_DAYS}) returning 1) select count(*)::int as n from d`,
    );
    const sessions = await count(
      sql`with d as (delete from sessions where expires_at < now() or revoked_at is not null returning 1) select count(*)::int as n from d`,
    );
    const events = await count(
      sql`with d as (delete from outbox_events where relayed_at < now() - make_interval(days => ${EVENT_RETENTION_DAYS})
                       and seq <= (select coalesce(min(last_seq), 0) from outbox_cursors) returning 1) select count(*)::int as n from d`,
    );
    const deliveries = await count(
      sql`with d as (delete from webhook_deliveries where status <> 'pending' and coalesce(last_attempt_at, created_at) < now() - make_interval(days => ${EVENT_RETENTION_DAYS}) returning 1) select count(*)::int as n from d`,
    );
    return {
      nonces: Number(nonces),
      refreshTokens: Number(refreshTokens),
      idempotencyKeys: Number(idempotencyKeys),
      sessions: Number(sessions),
      events: Number(events),
      deliveries: Number(deliveries),
    };
  });
}
