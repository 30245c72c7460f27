import { createHash } from "node:crypto";
import type { Env } from "@caribex/config";

/**
 * Redis keys and channels are scoped to the database they describe: servers on different databases that share
 * one Redis (two environments, or test runs) must never read each other's cached rows or rate-limit buckets.
 * Instances on the same database share the namespace, and with it the cache and the budgets.
 */
export function defaultNamespace(config: Pick<Env, "DATABASE_URL" | "PGLITE_DIR">): string {
  let identity = `pglite:${config.PGLITE_DIR}`;
  if (config.DATABASE_URL) {
    const u = new URL(config.DATABASE_URL);
    identity = `pg:${u.hostname}:${u.port || "5432"}${u.pathname}`;
  }
  return `caribex:${createHash("sha256").update(identity).digest("hex").slice(0, 12)}`;
}
