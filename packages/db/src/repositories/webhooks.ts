import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { EventEnvelope, WebhookDelivery, WebhookEndpoint, WebhookRepository, WebhookStore } from "@caribex/domain";
import type { Database, Db } from "../client";
import { webhookDeliveries, webhookEndpoints } from "../schema";
import { withActor } from "../uow";

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** Never the secrets: they leave the database only for signing (see outbox.ts) and once at creation. */
const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  ownerId: r.ownerId,
  serviceClientId: r.serviceClientId,
  allEvents: r.allEvents,
  url: r.url,
  description: r.description,
  events: r.events,
  status: r.status,
  disabledReason: r.disabledReason,
  previousSecretExpiresAt: r.previousSecret ? r.previousSecretExpiresAt : null,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  endpointId: r.endpointId,
  eventId: r.eventId,
  eventType: r.eventType,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  lastLatencyMs: r.lastLatencyMs,
  lastAttemptAt: r.lastAttemptAt,
  nextAttemptAt: r.status === "pending" ? r.nextAttemptAt : null,
  createdAt: r.createdAt,
});

/** Cursor over a delivery log, newest first: the last row's creation time and id. */
const encodeCursor = (r: DeliveryRow) => `${r.createdAt.toISOString()}|${r.id}`;
function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = cursor.split("|");
  const date = new Date(at ?? "");
  return id && !Number.isNaN(date.getTime()) && /^[0-9a-f-]{36}$/i.test(id) ? { at: date, id } : null;
}

export function webhookRepository(db: Db): WebhookRepository {
  return {
    async create(e) {
      const [row] = await db
        .insert(webhookEndpoints)
        .values({ ownerId: e.ownerId, serviceClientId: e.serviceClientId, allEvents: e.allEvents, url: e.url, description: e.description, events: e.events, secret: e.secret })
        .returning();
      return toEndpoint(row!);
    },
    async list(filter) {
      const rows = await db
        .select()
        .from(webhookEndpoints)
        .where(
          and(
            filter.ownerId ? eq(webhookEndpoints.ownerId, filter.ownerId) : undefined,
            filter.serviceClientId ? eq(webhookEndpoints.serviceClientId, filter.serviceClientId) : undefined,
          ),
        )
        .orderBy(desc(webhookEndpoints.createdAt), webhookEndpoints.id);
      return rows.map(toEndpoint);
    },
    async find(id) {
      const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
      return row ? toEndpoint(row) : null;
    },
    async update(id, patch) {
      const set: Partial<typeof webhookEndpoints.$inferInsert> = { updatedAt: sql`now()` as unknown as Date };
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.events !== undefined) set.events = patch.events;
      if (patch.status !== undefined) {
        set.status = patch.status;
        if (patch.status === "active") set.disabledReason = null;
      }
      const [row] = await db.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id)).returning();
      return row ? toEndpoint(row) : null;
    },
    async delete(id) {
      const rows = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
      return rows.length > 0;
    },
    async rotateSecret(id, secret, previousExpiresAt) {
      const [row] = await db
        .update(webhookEndpoints)
        .set({ previousSecret: sql`${webhookEndpoints.secret}`, previousSecretExpiresAt: previousExpiresAt, secret, updatedAt: sql`now()` as unknown as Date })
        .where(eq(webhookEndpoints.id, id))
        .returning();
      return row ? toEndpoint(row) : null;
    },
    async deliveries(endpointId, q) {
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, endpointId),
            after
              ? or(lt(webhookDeliveries.createdAt, after.at), and(eq(webhookDeliveries.createdAt, after.at), lt(webhookDeliveries.id, after.id)))
              : undefined,
          ),
        )
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(q.limit + 1);
      const items = rows.slice(0, q.limit);
      return { items: items.map(toDelivery), nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]!) : null };
    },
    async findDelivery(id) {
      const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
      return row ? toDelivery(row) : null;
    },
    async replay(deliveryId, now) {
      const [row] = await db
        .update(webhookDeliveries)
        .set({ status: "pending", nextAttemptAt: now, leaseUntil: null })
        .where(eq(webhookDeliveries.id, deliveryId))
        .returning();
      return row ? toDelivery(row) : null;
    },
    async enqueue(endpointId, event: EventEnvelope, now) {
      const [row] = await db
        .insert(webhookDeliveries)
        .values({ endpointId, eventId: event.id, eventType: event.type, payload: event as unknown as Record<string, unknown>, nextAttemptAt: now })
        .returning();
      return toDelivery(row!);
    },
  };
}

/** Each call one transaction under row-level security for the actor. */
export function createWebhookStore(database: Database): WebhookStore {
  return { run: (actor, fn) => withActor(database, actor, (tx) => fn(webhookRepository(tx))) };
}
