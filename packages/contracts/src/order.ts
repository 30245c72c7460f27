import { CURRENCIES, MAX_ORDER_TOTAL } from "@caribex/domain";
import { z } from "zod";
import { currencySchema, idempotencyKeySchema, idSchema, orderStatusSchema, pagedQuery, pageOf } from "./shared";

export const orderSchema = z.object({
  id: z.string(),
  buyerId: z.string(),
  sellerId: z.string(),
  status: orderStatusSchema,
  items: z.array(z.object({ productId: z.string(), title: z.string(), unitPrice: z.bigint(), quantity: z.number().int() })),
  total: z.bigint(),
  currency: currencySchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const orderPageSchema = pageOf(orderSchema);

export const orderListInput = z.object({ status: orderStatusSchema.optional(), ...pagedQuery }).optional();
export const orderListOutput = orderPageSchema;
export const orderByIdInput = z.object({ id: idSchema });
export const orderByIdOutput = orderSchema;
export const orderCancelInput = orderByIdInput;
export const orderCancelOutput = orderSchema;
export const orderConfirmDeliveryInput = orderByIdInput;
export const orderConfirmDeliveryOutput = orderSchema;
export const orderStatusEventSchema = z.object({ orderId: z.string(), status: orderStatusSchema, at: z.date() });
export const orderOnStatusOutput = orderStatusEventSchema;

export const sellerOrderListInput = orderListInput;
export const sellerOrderListOutput = orderPageSchema;
export const sellerOrderShipInput = orderByIdInput;
export const sellerOrderShipOutput = orderSchema;

export const adminOrderListInput = orderListInput;
export const adminOrderListOutput = orderPageSchema;

/** The per-currency totals the shopper reviewed; checkout refuses with CHECKOUT.PRICE_CHANGED if the cart now costs otherwise. */
export const expectedTotalsSchema = z
  .array(z.object({ currency: currencySchema, amount: z.bigint().min(0n).max(MAX_ORDER_TOTAL) }))
  .max(CURRENCIES.length)
  .refine((list) => new Set(list.map((t) => t.currency)).size === list.length, "Each currency appears at most once");

export const checkoutPlaceInput = z.object({ idempotencyKey: idempotencyKeySchema, expectedTotals: expectedTotalsSchema.optional() });
export const checkoutPlaceOutput = z.object({ orders: z.array(orderSchema) });
