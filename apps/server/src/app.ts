import type { Server } from "node:http";
import type { ApiDeps } from "@caribex/api";
import type { Cache } from "@caribex/cache";
import type { Env } from "@caribex/config";
import type { Database, QueryEvent } from "@caribex/db";
import type { Clock } from "@caribex/domain";
import type { Logger, LoggerOptions, Metrics } from "@caribex/observability";
import type { ChainRuntime } from "./chain-runtime";
import { compose } from "./composition/compose";
import { dressDemoCatalogue } from "./demo/pictures";
import type { RedisHandles } from "./composition/redis";
import { createHttpServer, type ServingState } from "./http/server";
import type { JobRunner } from "./jobs";
import { manageLifecycle } from "./lifecycle";

export { defaultNamespace } from "./composition/namespace";

export interface AppOptions {
  /** Leaves the demo products without drawn pictures (a development start normally draws them). */
  skipDemoPictures?: boolean;
  /** Where log lines go (tests capture them); stdout otherwise. */
  logDestination?: LoggerOptions["destination"];
  /** Process metrics are global to the process; tests starting several servers turn them off. */
  defaultMetrics?: boolean;
  clock?: Clock;
  /** Prefix for every Redis key and channel, so test servers sharing one Redis stay apart. */
  namespace?: string;
  /** Sees every statement the server sends (after its own metrics). */
  onQuery?: (e: QueryEvent) => void;
}

export interface App {
  server: Server;
  config: Env;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  deps: ApiDeps;
  cache: Cache;
  /** Prefix of this instance's Redis keys and channels. */
  namespace: string;
  /** Chain access; its jobs are among `jobs`. */
  chain: ChainRuntime;
  /** Connections the app opened, exposed so tests can break one on purpose. */
  redis: RedisHandles;
  /**
   * The background jobs of job-registry.ts (deposit scanner, withdrawal sender, escrow auto-release, price feed,
   * housekeeping): started here with JOBS_MODE=inline, by the worker process with JOBS_MODE=worker.
   */
  jobs: JobRunner;
  listen(port?: number, host?: string): Promise<{ port: number; url: string; metricsUrl?: string }>;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes pools. */
  close(): Promise<void>;
}

/**
 * The API server (or, for the worker, its dependencies without listening): wires the dependencies, puts HTTP in
 * front of them, and hands back start and graceful stop.
 */
export async function createApp(config: Env, opts: AppOptions = {}): Promise<App> {
  const c = await compose(config, opts);
  const serving: ServingState = { draining: false, liveStreams: new Set() };
  const server = createHttpServer(c, serving);
  const { listen, close } = manageLifecycle(server, c, serving);
  // The embedded development start looks like a shop: demo products get drawn pictures, in the background.
  if (config.DB_SEED_ON_START && config.NODE_ENV === "development" && !opts.skipDemoPictures) {
    void dressDemoCatalogue(c.services, c.images.uploads, c.logger).catch((err: unknown) => c.logger.warn({ err }, "demo pictures were not drawn"));
  }
  return {
    server,
    config,
    database: c.database,
    logger: c.logger,
    metrics: c.metrics,
    deps: c.deps,
    cache: c.cache,
    redis: c.redis.handles,
    jobs: c.jobs,
    namespace: c.namespace,
    chain: c.chain,
    listen,
    close,
  };
}
