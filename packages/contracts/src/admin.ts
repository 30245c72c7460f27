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

/** A dependency the API needs: reachable, failing, or not part of this deployment. */
export const dependencyStateSchema = z.enum(["ok", "fail", "not_configured"]);
const count = z.number().int().min(0);

export const adminSystemHealthOutput = z.object({
  /** Ready when every configured dependency answered; the same verdict as the server's readiness probe. */
  ready: z.boolean(),
  checks: z.object({ database: dependencyStateSchema, redis: dependencyStateSchema }),
  uptimeSeconds: z.number().min(0),
  /** Resident set size of the API process. */
  rssBytes: count,
  /** Event-loop delay since the server started, in milliseconds. */
  eventLoopLagMs: z.object({ mean: z.number().min(0), p99: z.number().min(0), max: z.number().min(0) }),
  /** Finished requests since the server started; the 4xx and 5xx classes are the error counts. */
  requests: z.object({
    total: count,
    byStatusClass: z.object({ "1xx": count, "2xx": count, "3xx": count, "4xx": count, "5xx": count }),
  }),
  cache: z.array(z.object({ level: z.enum(["l1", "l2"]), hits: count, misses: count, hitRatio: z.number().min(0).max(1).nullable() })),
  dbPoolInUse: count,
  /** The background jobs, from the shared job queue: whichever process runs them, the same answer. */
  jobs: z
    .array(
      z.object({
        name: z.string(),
        /** Seconds between passes; null when this deployment turns the job off. */
        intervalSeconds: z.number().int().nullable(),
        running: z.boolean(),
        lastCompletedAt: z.date().nullable(),
        lastFailedAt: z.date().nullable(),
        failuresLast24h: count,
        nextRunAt: z.date().nullable(),
      }),
    )
    .optional(),
  checkedAt: z.date(),
});
export type AdminSystemHealth = z.infer<typeof adminSystemHealthOutput>;
