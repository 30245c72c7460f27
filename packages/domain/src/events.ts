import { formatAmount, isCurrency } from "./money";
import type { Actor } from "./user";

/**
 * The business events CaribEX tells the outside world about, as the outbox triggers write them
 * (drizzle/repeatable/functions/*_outbox.sql). A new type is added here and in its trigger; the version of a
 * type changes only when its data changes incompatibly.
 */
export const EVENT_TYPES = [
  "order.paid",
  "order.shipped",
  "order.completed",
  "order.cancelled",
  "order.disputed",
  "order.refunded",
  "dispute.resolved",
  "deposit.credited",
  "withdrawal.confirmed",
  "withdrawal.failed",
  "product.sold_out",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by "send a test event"; never written to the outbox. */
export const TEST_EVENT_TYPE = "webhook.test";

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** One committed event as the relay reads it, in sequence. */
export interface OutboxEvent {
  id: string;
  seq: bigint;
  type: string;
  version: number;
  createdAt: Date;
  /** As the trigger wrote it: amounts in minor units, as decimal digits. */
  data: Record<string, unknown>;
  /** The users the event concerns (buyer and seller, a wallet's owner). */
  audience: string[];
}

/** The body every consumer receives: webhooks, NATS, and the OpenAPI `webhooks` section describe this. */
export interface EventEnvelope {
  id: string;
  type: string;
  version: number;
  createdAt: string;
  data: Record<string, unknown>;
}

/** Fields of event data that hold money in minor units; published as decimal strings in the event's currency. */
const MONEY_FIELDS = ["total", "amount"] as const;

/** The public body of an event: money as decimal strings ("12.50") in the currency beside it, times as ISO text. */
export function eventEnvelope(e: Pick<OutboxEvent, "id" | "type" | "version" | "createdAt" | "data">): EventEnvelope {
  const data: Record<string, unknown> = { ...e.data };
  const currency = data.currency;
  if (isCurrency(currency)) {
    for (const field of MONEY_FIELDS) {
      const v = data[field];
      if (typeof v === "string" && /^-?\d+$/.test(v)) data[field] = formatAmount(BigInt(v), currency);
    }
  }
  return { id: e.id, type: e.type, version: e.version, createdAt: e.createdAt.toISOString(), data };
}

/** How long a webhook delivery is retried, counted from when it was created; then its endpoint is disabled. */
export const WEBHOOK_RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** How long one attempt may take, connection and response included. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** How much of a receiver's response body is read (the rest is discarded). */
export const WEBHOOK_RESPONSE_BODY_LIMIT = 8 * 1024;
/** How long the previous secret still signs after a rotation. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 8 * 60 * 60 * 1000;

/**
 * The pause before attempt `attempts + 1` after `attempts` failed ones: exponential (5 s, 20 s, 80 s, ... up to
 * 8 h), with ±20 % jitter so receivers that failed together are not retried together. `random` is in [0, 1).
 */
export function webhookRetryDelayMs(attempts: number, random: number): number {
  const base = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 4 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/** When the next attempt is due, or null when the retry window is over (the delivery fails for good). */
export function nextWebhookAttempt(createdAt: Date, attempts: number, now: Date, random: number): Date | null {
  const at = new Date(now.getTime() + webhookRetryDelayMs(attempts, random));
  return at.getTime() - createdAt.getTime() > WEBHOOK_RETRY_WINDOW_MS ? null : at;
}

export type WebhookEndpointStatus = "active" | "disabled";

export interface WebhookEndpoint {
  id: string;
  ownerId: string;
  /** The service client that registered it, if one did. */
  serviceClientId: string | null;
  /** Hears every event of its types (admins' and service clients'); a seller's hears only their own. */
  allEvents: boolean;
  url: string;
  description: string | null;
  events: string[];
  status: WebhookEndpointStatus;
  disabledReason: string | null;
  /** Until when the secret before the last rotation still signs. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** The webhook-id header: the event's id, the same on every attempt. */
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export interface NewWebhookEndpoint {
  ownerId: string;
  serviceClientId: string | null;
  allEvents: boolean;
  url: string;
  description: string | null;
  events: string[];
  secret: string;
}

/** Webhook endpoints and their delivery log, as the acting party may see them (row-level security applies). */
export interface WebhookRepository {
  create(e: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  /** Endpoints visible to the actor; narrowed to one owner or one service client when given. */
  list(filter: { ownerId?: string; serviceClientId?: string }): Promise<WebhookEndpoint[]>;
  find(id: string): Promise<WebhookEndpoint | null>;
  update(id: string, patch: { url?: string; description?: string | null; events?: string[]; status?: WebhookEndpointStatus }): Promise<WebhookEndpoint | null>;
  delete(id: string): Promise<boolean>;
  rotateSecret(id: string, secret: string, previousExpiresAt: Date): Promise<WebhookEndpoint | null>;
  deliveries(endpointId: string, q: { cursor: string | null; limit: number }): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }>;
  findDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Queues the delivery again, due now (attempt count kept, same webhook-id). */
  replay(deliveryId: string, now: Date): Promise<WebhookDelivery | null>;
  /** Queues one delivery of a test event to the endpoint, due now. */
  enqueue(endpointId: string, event: EventEnvelope, now: Date): Promise<WebhookDelivery>;
}

export interface WebhookStore {
  run<T>(actor: Actor, fn: (repo: WebhookRepository) => Promise<T>): Promise<T>;
}
