import { z } from "zod";
import { currencySchema } from "./shared";

/**
 * What the caller's buyers have paid that is not yet the caller's, per currency: held in escrow for paid and
 * shipped orders (released on delivery or automatically), and frozen in open disputes. Only currencies with at
 * least one such order are listed.
 */
export const sellerHeldInput = z.void();
export const sellerHeldOutput = z.array(
  z.object({ currency: currencySchema, inEscrow: z.bigint(), inDispute: z.bigint(), orders: z.number().int() }),
);

export const sellerStatsInput = z.object({ days: z.number().int().min(1).max(365).optional() }).optional();

/**
 * The caller's own sales over the last `days` UTC days, oldest first and every day present. Cancelled orders
 * count in neither revenue nor orders; totals list only currencies with at least one order in the window.
 */
export const sellerStatsOutput = z.object({
  days: z.number().int(),
  sales: z.array(z.object({ day: z.string(), currency: currencySchema, amount: z.bigint(), orders: z.number().int() })),
  orders: z.array(z.object({ day: z.string(), count: z.number().int() })),
  totals: z.array(z.object({ currency: currencySchema, amount: z.bigint(), orders: z.number().int() })),
});
