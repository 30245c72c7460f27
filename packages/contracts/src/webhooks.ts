import { EVENT_TYPES } from "@caribex/domain";
import { z } from "zod";
import { idSchema } from "./shared";

/** The event types an endpoint may ask for. */
export const eventTypeSchema = z.enum(EVENT_TYPES);

const webhookUrl = z.string().trim().min(1, "The URL is required").max(2000, "The URL may have at most 2000 characters");
const webhookEvents = z.array(eventTypeSchema).min(1, "Choose at least one event type").max(EVENT_TYPES.length);
const webhookDescription = z.string().trim().max(200, "The description may have at most 200 characters");

export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(["active", "disabled"]),
  disabledReason: z.string().nullable(),
  /** Hears every event of its types (admins and service clients), not only the owner's. */
  allEvents: z.boolean(),
  /** During a rotation's overlap: until when the previous secret still signs. */
  previousSecretExpiresAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const webhookDeliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  /** The webhook-id header of every attempt. */
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastAttemptAt: z.date().nullable(),
  nextAttemptAt: z.date().nullable(),
  createdAt: z.date(),
});

export const webhookEndpointCreateInput = z.object({ url: webhookUrl, events: webhookEvents, description: webhookDescription.optional() });
/** The secret (`whsec_…`) is shown here once; it cannot be read again, only rotated. */
export const webhookEndpointCreateOutput = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });
export const webhookEndpointListOutput = z.array(webhookEndpointSchema);
export const webhookEndpointUpdateInput = z.object({
  id: idSchema,
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  description: webhookDescription.nullable().optional(),
  /** false disables the endpoint; true enables it again (after it was disabled for failing). */
  enabled: z.boolean().optional(),
});
export const webhookEndpointUpdateOutput = webhookEndpointSchema;
export const webhookEndpointIdInput = z.object({ id: idSchema });
export const webhookEndpointDeleteOutput = z.object({ ok: z.literal(true) });
/** The new secret, shown once; the previous one keeps signing (beside it) until `previousSecretExpiresAt`. */
export const webhookEndpointRotateOutput = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });
export const webhookEndpointSendTestOutput = webhookDeliverySchema;
export const webhookDeliveryListInput = z.object({ endpointId: idSchema, cursor: z.string().max(200).optional() });
export const webhookDeliveryListOutput = z.object({ items: z.array(webhookDeliverySchema), nextCursor: z.string().nullable() });
export const webhookDeliveryReplayInput = z.object({ deliveryId: idSchema });
export const webhookDeliveryReplayOutput = webhookDeliverySchema;
