import { z } from "zod";
import { categorySchema } from "./catalog";
import { currencySchema, idSchema, text } from "./shared";

const slugSchema = z
  .string()
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Slugs are lowercase letters, digits and single dashes");

export const adminCategoryCreateInput = z.object({ name: text(1, 80), slug: slugSchema.optional() });
export const adminCategoryCreateOutput = categorySchema;
export const adminCategoryUpdateInput = z.object({ id: idSchema, name: text(1, 80).optional(), slug: slugSchema.optional() });
export const adminCategoryUpdateOutput = categorySchema;
export const adminCategoryDeleteInput = z.object({ id: idSchema });
export const adminCategoryDeleteOutput = categorySchema;

export const adminStatsInput = z.object({ days: z.number().int().min(1).max(365).optional() }).optional();
export const adminStatsOutput = z.object({
  days: z.number().int(),
  sales: z.array(z.object({ day: z.string(), currency: currencySchema, amount: z.bigint() })),
  orders: z.array(z.object({ day: z.string(), count: z.number().int() })),
  signups: z.array(z.object({ day: z.string(), count: z.number().int() })),
});
