import { FX_QUOTE_SIDES, FX_RATE_PATTERN, FX_SOURCES } from "@caribex/domain";
import { z } from "zod";
import { moneyCurrency } from "./plain-money";
import { amountSchema, BOUNDS, currencySchema, idempotencyKeySchema, idSchema } from "./shared";
import { transactionSchema } from "./wallet";

/** A rate as an exact decimal string: one unit of `base` is worth `rate` units of `quote`. */
export const fxRateValueSchema = z
  .string()
  .trim()
  .regex(FX_RATE_PATTERN, "A rate is a positive decimal number such as 157.25 (at most 12 decimals)")
  .refine((v) => /[1-9]/.test(v), "A rate must be greater than zero");

export const fxRateSchema = z.object({
  id: z.string(),
  base: currencySchema,
  quote: currencySchema,
  rate: z.string(),
  source: z.enum(FX_SOURCES),
  asOf: z.date(),
});

/** What admins see: who set each rate. */
export const fxRateAdminSchema = fxRateSchema.extend({
  setBy: z.string().nullable(),
  /** How far an admin's rate moved from the one before it, in basis points; null for the first rate of a pair. */
  changeBps: z.number().int().nullable().optional(),
  /** The admin's note, required when a change of more than 50 % was forced. */
  note: z.string().nullable().optional(),
});

export const fxLatestOutput = z.object({
  /** The currency prices are compared and shown "≈" in. */
  reference: currencySchema,
  rates: z.array(fxRateSchema),
});

export const adminFxListInput = z.object({ limit: z.number().int().min(1).max(100).optional() }).optional();
export const adminFxListOutput = z.array(fxRateAdminSchema);

export const adminFxSetInput = z
  .object({
    base: currencySchema,
    quote: currencySchema,
    rate: fxRateValueSchema,
    /** The admin has seen that the rate moves 10 % or more from the current one and means it. */
    confirmChange: z.boolean().optional(),
    /** Sets a rate more than 50 % away from the current one; needs `note`. */
    force: z.boolean().optional(),
    /** Why a forced rate is right; kept in the log. */
    note: z.string().trim().max(500, "Keep the note under 500 characters").optional(),
  })
  .refine((v) => v.base !== v.quote, { message: "A rate converts one currency into another", path: ["quote"] })
  .refine((v) => !v.force || (v.note?.length ?? 0) >= 3, { message: "Say why the rate is forced (a note of 3 characters or more)", path: ["note"] });
export const adminFxSetOutput = fxRateAdminSchema;

/** Amounts of a conversion in the currency they are counted in (for clients reading plain decimal strings). */
const inFrom = z.bigint();
const inTo = z.bigint();
const inFromOptional = z.bigint().optional();
moneyCurrency.add(inFrom, { of: (q) => q.from });
moneyCurrency.add(inTo, { of: (q) => q.to });
moneyCurrency.add(inFromOptional, { of: (q) => q.from });

/**
 * A conversion quote. `pay` (minor units of `from`) is what the caller pays and `receive` (minor units of `to`)
 * what they get; `fee` is the spread in minor units of `from`. `rate` is the mid-market rate used (units of `to`
 * per unit of `from`, at most 12 decimals, for showing; the amounts are exact). Valid until `expiresAt`.
 */
export const fxQuoteSchema = z.object({
  id: z.string(),
  from: currencySchema,
  to: currencySchema,
  side: z.enum(FX_QUOTE_SIDES),
  rate: z.string(),
  spreadBps: z.number().int(),
  pay: inFrom,
  receive: inTo,
  fee: inFrom,
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
  /** The contract's names: what the caller pays (= `pay`) and the spread (= `spreadBps`). */
  amount: inFromOptional,
  feeBps: z.number().int().optional(),
});

/** A quote's asked amount: in `from` for `side: "pay"` (the default), in `to` for `side: "receive"`. */
const quoteAmount = amountSchema.clone();
moneyCurrency.add(quoteAmount, { of: (q) => (q.side === "receive" ? q.to : q.from) });

export const walletQuoteInput = z
  .object({
    from: currencySchema,
    to: currencySchema,
    amount: quoteAmount,
    /** `pay` (default): `amount` is what the caller pays in `from`; `receive`: what they get in `to`. */
    side: z.enum(FX_QUOTE_SIDES).optional(),
  })
  .refine((v) => v.from !== v.to, { message: "A conversion needs two different currencies", path: ["to"] });
export const walletQuoteOutput = fxQuoteSchema;

export const walletConvertInput = z.object({ quoteId: idSchema, idempotencyKey: idempotencyKeySchema });
export const walletConvertOutput = z.object({
  quote: fxQuoteSchema,
  transactions: z.array(transactionSchema),
  /** The leg that left the caller's wallet, and the one that came in. */
  debit: transactionSchema.optional(),
  credit: transactionSchema.optional(),
});

export const adminFxTreasuryOutput = z.object({
  floats: z.array(z.object({ currency: currencySchema, balance: z.bigint() })),
  liabilities: z.array(z.object({ currency: currencySchema, users: z.bigint(), escrow: z.bigint(), total: z.bigint() })),
  spreadBps: z.number().int(),
});

export const adminFxFundHouseInput = z.object({
  currency: currencySchema,
  amount: amountSchema,
  memo: z.string().trim().min(1, "Say why the float is funded").max(BOUNDS.memo),
  idempotencyKey: idempotencyKeySchema,
});
export const adminFxFundHouseOutput = transactionSchema;
