import { MAX_ORDER_TOTAL, PROMOTION_CODE, PROMOTION_PERCENT } from "@caribex/domain";
import { z } from "zod";
import { currencySchema, idSchema } from "./shared";

const codeSchema = z
  .string({ error: "The code is required" })
  .trim()
  .min(PROMOTION_CODE.min, `A code is at least ${PROMOTION_CODE.min} characters`)
  .max(PROMOTION_CODE.max, `A code is at most ${PROMOTION_CODE.max} characters`)
  .regex(PROMOTION_CODE.pattern, "A code is letters, digits, - or _");
const amountSchema = z.bigint().min(1n).max(MAX_ORDER_TOTAL);
const countSchema = z.number().int().min(1).max(1_000_000);

export const promotionSchema = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(["percent", "fixed"]),
  percent: z.number().int().nullable(),
  amount: z.bigint().nullable(),
  currency: currencySchema.nullable(),
  minSubtotal: z.bigint().nullable(),
  startsAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  usageLimit: z.number().int().nullable(),
  perBuyerLimit: z.number().int().nullable(),
  /** The products it covers; null: all the seller's products. */
  productIds: z.array(z.string()).nullable(),
  /** Orders that used it so far. */
  used: z.number().int(),
  isActive: z.boolean(),
  createdAt: z.date(),
});

export const sellerPromotionCreateInput = z
  .object({
    code: codeSchema,
    kind: z.enum(["percent", "fixed"]),
    percent: z.number().int().min(PROMOTION_PERCENT.min).max(PROMOTION_PERCENT.max).optional(),
    amount: amountSchema.optional(),
    currency: currencySchema.optional(),
    minSubtotal: z.bigint().min(0n).max(MAX_ORDER_TOTAL).optional(),
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
    usageLimit: countSchema.optional(),
    perBuyerLimit: countSchema.optional(),
    productIds: z.array(idSchema).max(500).optional(),
  })
  .refine((v) => (v.kind === "percent" ? v.percent !== undefined : v.amount !== undefined && v.currency !== undefined), {
    message: "A percentage code needs `percent`; a fixed code needs `amount` and `currency`",
  });
export const sellerPromotionCreateOutput = promotionSchema;
export const sellerPromotionListOutput = z.array(promotionSchema);
export const sellerPromotionDeactivateInput = z.object({ id: idSchema });
export const sellerPromotionDeactivateOutput = promotionSchema;

export const promotionCodesSchema = z.array(z.string().trim().min(1).max(PROMOTION_CODE.max)).max(20);

export const checkoutPreviewInput = z.object({ promotionCodes: promotionCodesSchema.optional() }).optional();
export const checkoutPreviewOutput = z.object({
  orders: z.array(
    z.object({
      sellerId: z.string(),
      sellerName: z.string(),
      currency: currencySchema,
      items: z.array(z.object({ productId: z.string(), title: z.string(), unitPrice: z.bigint(), quantity: z.number().int() })),
      subtotal: z.bigint(),
      /** Each discounted line: the code and what it takes off the line. */
      discounts: z.array(z.object({ code: z.string(), productId: z.string(), amount: z.bigint() })),
      discount: z.bigint(),
      total: z.bigint(),
    }),
  ),
  /** What the buyer pays per currency; checkout.place takes these as `expectedTotals`. */
  totals: z.array(z.object({ currency: currencySchema, amount: z.bigint() })),
});
