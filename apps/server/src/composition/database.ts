import type { Env } from "@caribex/config";
import { createDatabase, describeTarget, grantAdmins, isUnreachable, seed, waitForDatabase, type Database, type QueryEvent } from "@caribex/db";
import type { Logger, Metrics } from "@caribex/observability";
import { observeQueries } from "../instrumentation";

/**
 * The database, ready for requests: reached (waiting for a PostgreSQL that is still starting), migrated, seeded
 * outside production when asked, and with the operator's admins granted.
 */
export async function openDatabase(config: Env, metrics: Metrics, logger: Logger, onQuery?: (e: QueryEvent) => void): Promise<Database> {
  const observe = observeQueries(metrics);
  const database = await createDatabase({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    pgliteDir: config.PGLITE_DIR,
    onQuery: onQuery ? (e) => (observe(e), onQuery(e)) : observe,
  });
  await reachDatabase(database, config, logger);
  await database.migrate();
  // Demo accounts have well-known keys, so they are never seeded into a production database.
  if (config.DB_SEED_ON_START && config.NODE_ENV !== "production") await seed(database);
  // The operator's admins exist from the first request on, even before they ever sign in.
  const grants = await grantAdmins(database, config.ADMIN_WALLETS);
  if (grants.length) logger.info({ admins: grants.length, created: grants.filter((g) => g.created).length, promoted: grants.filter((g) => g.promoted).length }, "ADMIN_WALLETS granted");
  metrics.setDbPoolInUse(() => database.poolInUse());
  return database;
}

/**
 * Waits (bounded by DATABASE_STARTUP_TIMEOUT_SECONDS, with backoff) for a PostgreSQL that is not up yet, and
 * fails naming DATABASE_URL and its host, never its password.
 */
async function reachDatabase(database: Database, config: Env, logger: Logger): Promise<void> {
  if (!config.DATABASE_URL) return;
  const target = describeTarget(config.DATABASE_URL);
  try {
    await waitForDatabase(database, {
      timeoutMs: config.DATABASE_STARTUP_TIMEOUT_SECONDS * 1000,
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn({ variable: "DATABASE_URL", target, attempt, retry_in_ms: delayMs, err: codeOf(error) }, `DATABASE_URL: PostgreSQL at ${target} is not reachable yet`),
    });
  } catch (e) {
    const message = isUnreachable(e)
      ? `DATABASE_URL: cannot reach PostgreSQL at ${target} (${codeOf(e)}) after ${config.DATABASE_STARTUP_TIMEOUT_SECONDS}s`
      : `DATABASE_URL: PostgreSQL at ${target} refused the connection (${codeOf(e)})`;
    logger.fatal({ variable: "DATABASE_URL", target, err: codeOf(e) }, message);
    await database.close().catch(() => {});
    throw new Error(message, { cause: e });
  }
}

function codeOf(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (typeof err?.code === "string") return err.code;
  if (e instanceof AggregateError) return codeOf(e.errors[0]);
  return typeof err?.message === "string" ? err.message : String(e);
}
