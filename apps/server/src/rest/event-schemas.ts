import { EVENT_TYPES, TEST_EVENT_TYPE } from "@caribex/domain";

/** Money in an event: a decimal string in the event's `currency`, e.g. "12.50". */
const money = { type: "string", pattern: "^\\d+(\\.\\d+)?$", description: "Decimal string in the event's currency" };
const uuid = { type: "string", format: "uuid" };
const currency = { type: "string", enum: ["JMD", "USD", "USDC"] };

const orderData = (extra: Record<string, unknown> = {}, required: string[] = []) => ({
  type: "object",
  properties: {
    orderId: uuid,
    number: { type: "integer", description: 'The order number people see ("CX-" and this)' },
    buyerId: uuid,
    sellerId: uuid,
    status: { type: "string" },
    previousStatus: { type: "string" },
    total: money,
    currency,
    ...extra,
  },
  required: ["orderId", "number", "buyerId", "sellerId", "status", "previousStatus", "total", "currency", ...required],
});
const chainData = (idField: string) => ({
  type: "object",
  properties: { [idField]: uuid, userId: uuid, amount: money, currency: { const: "USDC" }, chainId: { type: "integer" }, txHash: { type: ["string", "null"] } },
  required: [idField, "userId", "amount", "currency", "chainId"],
});

/** What `data` holds for each event type (version 1). */
export const EVENT_DATA_SCHEMAS: Record<(typeof EVENT_TYPES)[number] | typeof TEST_EVENT_TYPE, { summary: string; data: Record<string, unknown> }> = {
  "order.paid": { summary: "An order was paid at checkout (its money is held in escrow)", data: orderData() },
  "order.shipped": {
    summary: "The seller shipped the order",
    data: orderData({ carrier: { type: ["string", "null"] }, trackingNumber: { type: ["string", "null"] }, shippedAt: { type: "string", format: "date-time" } }, ["shippedAt"]),
  },
  "order.completed": {
    summary: "The order is complete and the seller paid: delivery confirmed by the buyer, released automatically, or a dispute settled for the seller",
    data: orderData({ reason: { enum: ["delivered", "auto_released", "dispute_released"] } }, ["reason"]),
  },
  "order.cancelled": { summary: "A paid order was cancelled before shipping; the buyer was refunded", data: orderData() },
  "order.disputed": { summary: "The buyer opened a dispute on a shipped order", data: orderData() },
  "order.refunded": { summary: "A dispute was settled for the buyer, who was refunded", data: orderData() },
  "dispute.resolved": {
    summary: "An admin settled a dispute",
    data: {
      type: "object",
      properties: { orderId: uuid, number: { type: "integer" }, buyerId: uuid, sellerId: uuid, outcome: { enum: ["refund", "release"] }, total: money, currency },
      required: ["orderId", "number", "buyerId", "sellerId", "outcome", "total", "currency"],
    },
  },
  "deposit.credited": { summary: "A USDC deposit was credited to its owner's wallet", data: chainData("depositId") },
  "withdrawal.confirmed": { summary: "A USDC withdrawal was confirmed on chain", data: chainData("withdrawalId") },
  "withdrawal.failed": { summary: "A USDC withdrawal failed or was called off; its money went back to the wallet", data: chainData("withdrawalId") },
  "product.sold_out": {
    summary: "A product's last unit was sold",
    data: { type: "object", properties: { productId: uuid, sellerId: uuid, title: { type: "string" } }, required: ["productId", "sellerId", "title"] },
  },
  "webhook.test": {
    summary: 'Sent by "send a test event" only',
    data: { type: "object", properties: { endpointId: uuid, message: { type: "string" } }, required: ["endpointId", "message"] },
  },
};

const HEADERS = [
  { name: "webhook-id", in: "header", required: true, description: "The event id: the same on every attempt (deduplicate on it)", schema: uuid },
  { name: "webhook-timestamp", in: "header", required: true, description: "Seconds since the epoch of this attempt", schema: { type: "string" } },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    description: "Standard Webhooks signatures, space-separated `v1,<base64 HMAC-SHA256>`: two during a secret rotation",
    schema: { type: "string" },
  },
];

/** OpenAPI 3.1 `webhooks`: one POST per event type, with the envelope every consumer receives. */
export function webhooksSection(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(EVENT_DATA_SCHEMAS).map(([type, { summary, data }]) => [
      type,
      {
        post: {
          operationId: `event.${type}`,
          summary,
          parameters: HEADERS,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { id: uuid, type: { const: type }, version: { const: 1 }, createdAt: { type: "string", format: "date-time" }, data },
                  required: ["id", "type", "version", "createdAt", "data"],
                },
              },
            },
          },
          responses: { "2XX": { description: "Received; any other answer (or none within 5 s) is retried with backoff for up to 3 days" } },
        },
      },
    ]),
  );
}
