import { sql } from "drizzle-orm";
import type { EventEnvelope, OutboxEvent } from "@caribex/domain";
import type { Database, Db } from "./client";
import { rowsOf, toDate } from "./repositories/util";
import { withActor } from "./uow";

const SYSTEM = { kind: "system" } as const;

interface EventRow {
  id: string;
  seq: string | number | bigint;
  type: string;
  version: number;
  data: Record<string, unknown>;
  audience: string[] | string;
  created_at: Date | string;
}

/** postgres.js hands back uuid[] as an array, PGlite sometimes as '{...}' text. */
const uuidArray = (v: string[] | string): string[] =>
  Array.isArray(v) ? v : v.replace(/^\{|\}$/g, "").split(",").filter(Boolean);

const toEvent = (r: EventRow): OutboxEvent => ({
  id: r.id,
  seq: BigInt(r.seq),
  type: r.type,
  version: Number(r.version),
  data: typeof r.data === "string" ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
  audience: uuidArray(r.audience),
  createdAt: toDate(r.created_at),
});

/** A delivery taken by the sender, with what it needs to sign and send it. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  payload: EventEnvelope;
  attempts: number;
  createdAt: Date;
  url: string;
  /** The secrets that sign it: the current one, and the previous one while its overlap lasts. */
  secrets: string[];
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

export interface OutboxStore {
  /**
   * Gives the next committed events (up to `limit`, in the order they were written) their place in the sequence
   * and queues their webhook deliveries, in one transaction under the relay's lock: two relays never sequence
   * at once, so `seq` grows in the order events became visible, without gaps a consumer could skip.
   */
  sequence(limit: number, envelope: (e: OutboxEvent) => EventEnvelope): Promise<{ events: OutboxEvent[]; deliveries: number }>;
  /**
   * Hands a consumer outside the database its next events after its cursor, in sequence, and moves the cursor
   * past them once `deliver` resolved (under the cursor's lock: one delivery of a batch at a time). A failure
   * leaves the cursor where it was, so the batch comes again (consumers deduplicate by event id).
   */
  consume(consumer: string, limit: number, deliver: (events: OutboxEvent[]) => Promise<void>): Promise<number>;
  /** Takes up to `limit` due deliveries for `leaseMs` (a crashed sender's lease runs out and they come again). */
  claimDeliveries(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Records one attempt. `next` is when to try again after a failure, or null when the retry window is over: the
   * delivery fails and its endpoint is disabled (returned true then).
   */
  recordAttempt(id: string, outcome: AttemptOutcome, now: Date, next: Date | null): Promise<{ endpointDisabled: boolean }>;
}

export function createOutboxStore(database: Database): OutboxStore {
  const system = <T>(fn: (db: Db) => Promise<T>) => withActor(database, SYSTEM, fn);
  return {
    sequence(limit, envelope) {
      return system(async (db) => {
        await db.execute(sql`select pg_advisory_xact_lock(hashtext('caribex:outbox:sequence'))`);
        const events = rowsOf<EventRow>(
          await db.execute(sql`
            WITH next AS (
              SELECT o.id, o.pos FROM outbox_events o WHERE o.seq IS NULL ORDER BY o.pos LIMIT ${limit}
            ), numbered AS (
              SELECT n.id, (SELECT coalesce(max(e.seq), 0) FROM outbox_events e) + row_number() OVER (ORDER BY n.pos) AS seq FROM next n
            )
            UPDATE outbox_events o SET seq = numbered.seq, relayed_at = now() FROM numbered WHERE o.id = numbered.id
            RETURNING o.id, o.seq, o.type, o.version, o.data, o.audience, o.created_at`),
        )
          .map(toEvent)
          .sort((a, b) => (a.seq < b.seq ? -1 : 1));
        if (events.length === 0) return { events, deliveries: 0 };
        const batch = JSON.stringify(events.map((e) => ({ id: e.id, type: e.type, audience: e.audience, payload: envelope(e) })));
        const inserted = rowsOf<{ id: string }>(
          await db.execute(sql`
            INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload)
            SELECT w.id, ev.id, ev.type, ev.payload
              FROM jsonb_to_recordset(${batch}::jsonb) AS ev(id uuid, type text, audience uuid[], payload jsonb)
              JOIN webhook_endpoints w ON w.status = 'active' AND ev.type = ANY(w.events)
                                      AND (w.all_events OR w.owner_id = ANY(ev.audience))
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            RETURNING id`),
        );
        return { events, deliveries: inserted.length };
      });
    },

    consume(consumer, limit, deliver) {
      return system(async (db) => {
        await db.execute(sql`INSERT INTO outbox_cursors (consumer) VALUES (${consumer}) ON CONFLICT (consumer) DO NOTHING`);
        const [cursor] = rowsOf<{ last_seq: string }>(
          await db.execute(sql`SELECT last_seq::text AS last_seq FROM outbox_cursors WHERE consumer = ${consumer} FOR UPDATE`),
        );
        const events = rowsOf<EventRow>(
          await db.execute(sql`
            SELECT id, seq, type, version, data, audience, created_at FROM outbox_events
             WHERE seq > ${cursor!.last_seq}::bigint ORDER BY seq LIMIT ${limit}`),
        ).map(toEvent);
        if (events.length === 0) return 0;
        await deliver(events);
        const last = events[events.length - 1]!.seq.toString();
        await db.execute(sql`UPDATE outbox_cursors SET last_seq = ${last}::bigint, updated_at = now() WHERE consumer = ${consumer}`);
        return events.length;
      });
    },

    claimDeliveries(now, limit, leaseMs) {
      if (limit <= 0) return Promise.resolve([]);
      return system(async (db) => {
        const leaseUntil = new Date(now.getTime() + leaseMs);
        const rows = rowsOf<{
          id: string;
          endpoint_id: string;
          event_id: string;
          payload: EventEnvelope | string;
          attempts: number;
          created_at: Date | string;
          url: string;
          secret: string;
          previous_secret: string | null;
          previous_secret_expires_at: Date | string | null;
        }>(
          await db.execute(sql`
            WITH due AS (
              SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
               WHERE d.status = 'pending' AND d.next_attempt_at <= ${now.toISOString()}::timestamptz
                 AND (d.lease_until IS NULL OR d.lease_until <= ${now.toISOString()}::timestamptz) AND w.status = 'active'
               ORDER BY d.next_attempt_at LIMIT ${limit}
               FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_deliveries d SET lease_until = ${leaseUntil.toISOString()}::timestamptz
              FROM due, webhook_endpoints w
             WHERE d.id = due.id AND w.id = d.endpoint_id
            RETURNING d.id, d.endpoint_id, d.event_id, d.payload, d.attempts, d.created_at,
                      w.url, w.secret, w.previous_secret, w.previous_secret_expires_at`),
        );
        return rows.map((r) => ({
          id: r.id,
          endpointId: r.endpoint_id,
          eventId: r.event_id,
          payload: typeof r.payload === "string" ? (JSON.parse(r.payload) as EventEnvelope) : r.payload,
          attempts: Number(r.attempts),
          createdAt: toDate(r.created_at),
          url: r.url,
          secrets: [
            r.secret,
            ...(r.previous_secret && r.previous_secret_expires_at && toDate(r.previous_secret_expires_at) > now ? [r.previous_secret] : []),
          ],
        }));
      });
    },

    recordAttempt(id, outcome, now, next) {
      return system(async (db) => {
        const status = outcome.ok ? "succeeded" : next ? "pending" : "failed";
        const [row] = rowsOf<{ endpoint_id: string }>(
          await db.execute(sql`
            UPDATE webhook_deliveries
               SET status = ${status}, attempts = attempts + 1, lease_until = NULL,
                   next_attempt_at = ${(next ?? now).toISOString()}::timestamptz,
                   last_status_code = ${outcome.statusCode}, last_error = ${outcome.error?.slice(0, 500) ?? null},
                   last_latency_ms = ${Math.round(outcome.latencyMs)}, last_attempt_at = ${now.toISOString()}::timestamptz
             WHERE id = ${id} RETURNING endpoint_id`),
        );
        if (!row || status !== "failed") return { endpointDisabled: false };
        const disabled = rowsOf(
          await db.execute(sql`
            UPDATE webhook_endpoints SET status = 'disabled', updated_at = now(),
                   disabled_reason = 'Deliveries kept failing for 3 days; fix the receiver, then enable the endpoint again'
             WHERE id = ${row.endpoint_id} AND status = 'active' RETURNING id`),
        );
        return { endpointDisabled: disabled.length > 0 };
      });
    },
  };
}
