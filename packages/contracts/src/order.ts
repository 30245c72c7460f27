import { CURRENCIES, MAX_ORDER_TOTAL, ORDER_ACTIONS } from "@caribex/domain";
import { z } from "zod";
import { addressSnapshotSchema } from "./address";
import { promotionCodesSchema } from "./promotion";
import { currencySchema, idempotencyKeySchema, idSchema, orderStatusSchema, labelledText, pagedQuery, pageOf, text } from "./shared";

export const SHIPMENT_BOUNDS = { carrier: 60, trackingNumber: 100 } as const;
export const DISPUTE_BOUNDS = { reason: { min: 10, max: 1000 }, note: { min: 3, max: 1000 } } as const;
const optionalText = (max: number) =>
  text(0, max)
    .nullish()
    .transform((v) => (v ? v : null));

/** What the caller may do to an order now, computed by the domain from its status and the caller's part in it. */
export const orderActionSchema = z.enum(ORDER_ACTIONS);

export const orderSchema = z.object({
  id: z.string(),
  /** The number people use for the order, shown as "CX-10428". */
  number: z.number().int(),
  buyerId: z.string(),
  sellerId: z.string(),
  status: orderStatusSchema,
  items: z.array(z.object({ productId: z.string(), title: z.string(), unitPrice: z.bigint(), quantity: z.number().int() })),
  total: z.bigint(),
  /** What a promotion code took off the order (already out of `total`); 0 without one. */
  discount: z.bigint().optional(),
  currency: currencySchema,
  createdAt: z.date(),
  updatedAt: z.date(),
  buyerName: z.string(),
  /** The seller's username. */
  sellerName: z.string(),
  /** The seller's account is suspended: a paid order does not ship while it lasts, and the buyer may cancel it. */
  sellerSuspended: z.boolean().default(false),
  shippingAddress: addressSnapshotSchema.nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  shippedAt: z.date().nullable(),
  disputeReason: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  /** The actions the caller may take on the order now; a client renders its buttons from this, not from the status. */
  actions: z.array(orderActionSchema),
  /** A shipped order only: when its escrow goes to the seller if the buyer neither confirms delivery nor disputes. */
  autoReleaseAt: z.date().nullable(),
});
export const orderPageSchema = pageOf(orderSchema);

export const orderListInput = z
  .object({
    status: orderStatusSchema.optional(),
    /** An order number as people write it: "CX-10428", "cx10428" or "10428". */
    search: z.string().trim().max(30, "An order number is at most 30 characters").optional(),
    ...pagedQuery,
  })
  .optional();
export const orderListOutput = orderPageSchema;
export const orderByIdInput = z.object({ id: idSchema });
export const orderByIdOutput = orderSchema;
export const orderCancelInput = orderByIdInput;
export const orderCancelOutput = orderSchema;
export const orderConfirmDeliveryInput = orderByIdInput;
export const orderConfirmDeliveryOutput = orderSchema;
export const orderOpenDisputeInput = orderByIdInput.extend({
  reason: labelledText("The reason", DISPUTE_BOUNDS.reason.min, DISPUTE_BOUNDS.reason.max),
});
export const orderOpenDisputeOutput = orderSchema;
export const orderStatusEventSchema = z.object({ orderId: z.string(), status: orderStatusSchema, at: z.date() });
export const orderOnStatusOutput = orderStatusEventSchema;

export const sellerOrderListInput = orderListInput;
export const sellerOrderListOutput = orderPageSchema;
export const sellerOrderShipInput = orderByIdInput.extend({
  carrier: optionalText(SHIPMENT_BOUNDS.carrier),
  trackingNumber: optionalText(SHIPMENT_BOUNDS.trackingNumber),
});
export const sellerOrderShipOutput = orderSchema;

export const adminOrderListInput = orderListInput;
export const adminOrderListOutput = orderPageSchema;
export const adminOrderResolveDisputeInput = orderByIdInput.extend({
  outcome: z.enum(["refund", "release"]),
  note: labelledText("The note", DISPUTE_BOUNDS.note.min, DISPUTE_BOUNDS.note.max),
});
export const adminOrderResolveDisputeOutput = orderSchema;

/** The per-currency totals the shopper reviewed; checkout refuses with CHECKOUT.PRICE_CHANGED if the cart now costs otherwise. */
export const expectedTotalsSchema = z
  .array(z.object({ currency: currencySchema, amount: z.bigint().min(0n).max(MAX_ORDER_TOTAL) }))
  .max(CURRENCIES.length)
  .refine((list) => new Set(list.map((t) => t.currency)).size === list.length, "Each currency appears at most once");

export const checkoutPlaceInput = z.object({
  idempotencyKey: idempotencyKeySchema,
  expectedTotals: expectedTotalsSchema.optional(),
  shippingAddressId: idSchema.optional(),
  /** Discount codes (case-insensitive); each applies to the orders of the seller that issued it. */
  promotionCodes: promotionCodesSchema.optional(),
});
export const checkoutPlaceOutput = z.object({ orders: z.array(orderSchema) });
