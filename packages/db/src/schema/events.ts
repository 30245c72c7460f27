import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The transactional outbox: one row per business event, written by triggers in the same transaction as the change
 * it describes (see drizzle/repeatable/functions/outbox_*.sql), so an event exists exactly when its change
 * committed. `pos` is the order rows were written in; `seq` is given by the relay, under its lock, to rows it finds
 * committed, in `pos` order: a gap-free sequence in the order events became visible, which consumers read by
 * cursor. `audience` holds the users the event concerns (buyer and seller, the wallet's owner), for routing.
 */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pos: bigint("pos", { mode: "bigint" }).generatedAlwaysAsIdentity().notNull(),
    seq: bigint("seq", { mode: "bigint" }),
    type: text("type").notNull(),
    version: integer("version").notNull().default(1),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    audience: uuid("audience").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    relayedAt: timestamp("relayed_at", { withTimezone: true }),
  },
  (t) => [
    unique("outbox_events_seq_unique").on(t.seq),
    index("outbox_events_unrelayed_idx").on(t.pos).where(sql`${t.seq} is null`),
  ],
);

/** How far each consumer outside the database (live streams, NATS) has read the outbox, by `seq`. */
export const outboxCursors = pgTable("outbox_cursors", {
  consumer: text("consumer").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "bigint" }).notNull().default(sql`0`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A receiver of signed webhooks (Standard Webhooks). A seller's endpoint hears events whose audience holds them;
 * an admin's or a service client's (`all_events`) hears every event of the types it asked for. The secret signs;
 * after a rotation the previous one signs too until `previous_secret_expires_at`.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    serviceClientId: text("service_client_id"),
    allEvents: boolean("all_events").notNull().default(false),
    url: text("url").notNull(),
    description: text("description"),
    events: text("events").array().notNull(),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    disabledReason: text("disabled_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("webhook_endpoints_status_check", sql`${t.status} in ('active', 'disabled')`),
    index("webhook_endpoints_owner_idx").on(t.ownerId),
  ],
);

/**
 * One event to one endpoint: the signed body it carries (`payload`, the event envelope), and where its attempts
 * stand. `lease_until` marks a delivery being sent (a crashed sender's lease runs out and the delivery is sent
 * again, with the same webhook-id).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastLatencyMs: integer("last_latency_ms"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("webhook_deliveries_endpoint_event_unique").on(t.endpointId, t.eventId),
    check("webhook_deliveries_status_check", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt.desc()),
  ],
);
