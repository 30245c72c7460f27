import type { Services } from "@caribex/application";
import type { Env } from "@caribex/config";
import { housekeeping, type Database } from "@caribex/db";
import type { Clock } from "@caribex/domain";
import { createJobMetrics, type Logger, type Metrics } from "@caribex/observability";
import type { ChainRuntime } from "../chain-runtime";
import { startEscrowReleaser, type EscrowReleaser } from "../escrow-release";
import { httpFxFeed, startFxRefresher, type FxRefresher } from "../fx-feed";
import { createInProcessRunner, createPgBossRunner, type JobRunner, type PeriodicJob } from "../jobs";

const HOUSEKEEPING_EVERY_MS = 10 * 60_000;

export interface BackgroundWork {
  escrowReleaser: EscrowReleaser;
  jobs: JobRunner;
  fxRefresher: FxRefresher | null;
}

interface BackgroundOptions {
  config: Env;
  database: Database;
  services: Services;
  chain: ChainRuntime;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The periodic work: the chain's jobs, escrow auto-release and housekeeping (started here with JOBS_MODE=inline,
 * by the worker otherwise), and the price-feed refresher.
 */
export async function startBackgroundWork(opts: BackgroundOptions): Promise<BackgroundWork> {
  const { config, database, services, chain, clock, logger, metrics } = opts;
  const escrowReleaser = startEscrowReleaser({
    release: (now) => services.orders.releaseDueEscrows(now),
    clock,
    // Runs as one of the background jobs below (and on demand); it has no timer of its own.
    intervalMs: 0,
    onResult: (r) => {
      if (r.released || r.failed) logger.info(r, "escrow auto-release");
    },
    onError: (e) => logger.error({ err: e }, "escrow auto-release failed"),
  });
  const backgroundJobs: PeriodicJob[] = [
    ...chain.jobs,
    // Safe to run anywhere (each order is released under its row lock, once); the queue still runs one at a time.
    ...(config.ESCROW_RELEASE_INTERVAL_SECONDS > 0
      ? [{ name: "escrow-release", everyMs: config.ESCROW_RELEASE_INTERVAL_SECONDS * 1000, timeoutMs: 15 * 60_000, run: () => escrowReleaser.runOnce() }]
      : []),
    {
      name: "housekeeping",
      everyMs: HOUSEKEEPING_EVERY_MS,
      timeoutMs: 15 * 60_000,
      run: async () => {
        const removed = await housekeeping(database);
        logger.debug(removed, "housekeeping");
      },
    },
  ];
  const jobMetrics = createJobMetrics(metrics.registry);
  // pg-boss needs a PostgreSQL server (its own connections, its own schema); the embedded database has one
  // connection, so it keeps the jobs on timers in this process.
  const jobs: JobRunner =
    database.kind === "postgres" && config.DATABASE_URL
      ? createPgBossRunner(backgroundJobs, {
          connectionString: config.DATABASE_URL,
          schema: config.JOBS_SCHEMA,
          maintenanceSeconds: Math.min(120, config.JOBS_TIMEOUT_SECONDS),
          logger,
          metrics: jobMetrics,
        })
      : createInProcessRunner(backgroundJobs, { logger, metrics: jobMetrics });
  if (config.JOBS_MODE === "inline") await jobs.start();

  // Exchange rates from the optional price feed; admins' rates work without it.
  const fxFeed = config.FX_FEED_URL
    ? httpFxFeed(
        {
          url: config.FX_FEED_URL,
          timeoutMs: config.FX_FEED_TIMEOUT_MS,
          onBreakerStateChange: (state) => logger.warn({ variable: "FX_FEED_URL", state }, `price feed circuit ${state}`),
        },
        clock,
      )
    : null;
  const fxRefresher: FxRefresher | null = fxFeed
    ? startFxRefresher({
        refresh: () => services.fx.refreshFromFeed(fxFeed),
        intervalMs: config.JOBS_MODE === "off" ? 0 : config.FX_FEED_INTERVAL_SECONDS * 1000,
        onResult: (r) => {
          if (r.stored) logger.info(r, "exchange rates from the price feed");
        },
        onError: (e) => logger.warn({ variable: "FX_FEED_URL", err: e instanceof Error ? e.message : String(e) }, "price feed refresh failed"),
      })
    : null;
  return { escrowReleaser, jobs, fxRefresher };
}
