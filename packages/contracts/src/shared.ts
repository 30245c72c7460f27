import {
  CURRENCIES,
  MAX_MINOR_UNITS,
  MAX_PAGE_SIZE,
  ORDER_STATUSES,
  parseMoneyInput,
  ROLES,
  type Currency,
} from "@caribex/domain";
import { getAddress, isAddress } from "viem";
import { z } from "zod";

/** Shared bounds, so forms in the apps and the API refuse the same things. */
export const BOUNDS = {
  maxPage: 10_000,
  maxPageSize: MAX_PAGE_SIZE,
  idempotencyKey: { min: 8, max: 100 },
  memo: 280,
  search: 100,
  cursor: 200,
} as const;

// NUL and other control characters are never meaningful in our text and PostgreSQL refuses NUL outright.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Trimmed single- or multi-line text within bounds and without control characters. */
export const text = (min: number, max: number) =>
  z
    .string()
    .max(max * 4)
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL.test(s), "Text cannot contain control characters");

/** Like `text`, with messages that name the field ("The city is required"). */
export const labelledText = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} is required` })
    .max(max * 4, `${label} can be at most ${max} characters`)
    .trim()
    .min(min, min <= 1 ? `${label} is required` : `${label} needs at least ${min} characters`)
    .max(max, `${label} can be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), `${label} cannot contain control characters`);

export const idSchema = z.guid();
export const currencySchema = z.enum(CURRENCIES as [Currency, ...Currency[]]);
export const roleSchema = z.enum(ROLES);
export const orderStatusSchema = z.enum(ORDER_STATUSES);

/** Minor units: a positive bigint no larger than the ledger accepts. */
export const amountSchema = z.bigint().min(1n, "Amount must be greater than zero").max(MAX_MINOR_UNITS, "Amount is too large");

export const pageSchema = z.number().int().min(1).max(BOUNDS.maxPage);
export const pageSizeSchema = z.number().int().min(1).max(BOUNDS.maxPageSize);

export const idempotencyKeySchema = z
  .string()
  .min(BOUNDS.idempotencyKey.min)
  .max(BOUNDS.idempotencyKey.max)
  .regex(/^[\x21-\x7e]+$/, "Idempotency keys are printable ASCII without spaces");

export const memoSchema = text(0, BOUNDS.memo).nullish();

/**
 * A wallet address, returned in its EIP-55 checksummed form. All-lowercase input is accepted; mixed case must
 * carry a correct checksum, because a wrong one is how a mistyped address shows itself.
 */
export const addressSchema = z
  .string()
  .max(64)
  .trim()
  .transform((value, ctx) => {
    if (!isAddress(value, { strict: true })) {
      ctx.issues.push({ code: "custom", message: "Not a valid wallet address (0x and 40 hex digits, EIP-55 checksum)", input: value });
      return z.NEVER;
    }
    return getAddress(value);
  });

/** http(s) URL for product images. */
export const imageUrlSchema = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/\S+$/, "Images must be http(s) URLs")
  .refine((s) => {
    try {
      const url = new URL(s);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "Images must be http(s) URLs");

export const pagedQuery = {
  page: pageSchema.optional(),
  pageSize: pageSizeSchema.optional(),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int().nonnegative(), page: z.number().int(), pageSize: z.number().int() });

/**
 * For forms: a human amount ("1,250.50") in the given currency, parsed into minor units by the one input rule
 * of every screen (the domain's parseMoneyInput: positive, bounded, no more decimals than the currency has).
 */
export function humanAmountSchema(currency: Currency) {
  return z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const parsed = parseMoneyInput(value, currency);
      if (parsed.ok) return parsed.amount;
      ctx.issues.push({ code: "custom", message: parsed.error, input: value });
      return z.NEVER;
    });
}
