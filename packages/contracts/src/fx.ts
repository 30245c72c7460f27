import { FX_RATE_PATTERN, FX_SOURCES } from "@caribex/domain";
import { z } from "zod";
import { currencySchema } from "./shared";

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
export const fxRateAdminSchema = fxRateSchema.extend({ setBy: z.string().nullable() });

export const fxLatestOutput = z.object({
  /** The currency prices are compared and shown "≈" in. */
  reference: currencySchema,
  rates: z.array(fxRateSchema),
});

export const adminFxListInput = z.object({ limit: z.number().int().min(1).max(100).optional() }).optional();
export const adminFxListOutput = z.array(fxRateAdminSchema);

export const adminFxSetInput = z
  .object({ base: currencySchema, quote: currencySchema, rate: fxRateValueSchema })
  .refine((v) => v.base !== v.quote, { message: "A rate converts one currency into another", path: ["quote"] });
export const adminFxSetOutput = fxRateAdminSchema;
