import { CART_LINE_PROBLEMS, MAX_LINE_QUANTITY } from "@caribex/domain";
import { z } from "zod";
import { currencySchema, idSchema } from "./shared";

export const cartSchema = z.object({
  id: z.string(),
  items: z.array(
    z.object({
      productId: z.string(),
      title: z.string(),
      unitPrice: z.bigint(),
      currency: currencySchema,
      quantity: z.number().int(),
      lineTotal: z.bigint(),
      // False when checkout would refuse the line (archived product, no or too little stock); reason says which.
      available: z.boolean(),
      reason: z.enum(CART_LINE_PROBLEMS).nullable(),
    }),
  ),
  totals: z.array(z.object({ currency: currencySchema, amount: z.bigint() })),
});

export const cartGetOutput = cartSchema;
export const cartSetItemInput = z.object({ productId: idSchema, quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY) });
export const cartSetItemOutput = cartSchema;
export const cartRemoveItemInput = z.object({ productId: idSchema });
export const cartRemoveItemOutput = cartSchema;
export const cartClearOutput = cartSchema;
