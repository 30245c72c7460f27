import type { ApiDeps, RateLimiter } from "@caribex/api";
import { createServices, createWebhookServices, type ImageUploads, type Services } from "@caribex/application";
import { userOfSessionFamily } from "@caribex/auth";
import type { Cache } from "@caribex/cache";
import type { Env } from "@caribex/config";
import { buildLiabilityTree } from "@caribex/client";
import { createOutboxStore, createUnitOfWork, createWebhookStore, type Database, type QueryEvent } from "@caribex/db";
import { TRANSACTION_KINDS, type Clock, type ImageStore } from "@caribex/domain";
import { createLogger, createMetrics, withSpan, type Logger, type LoggerOptions, type Metrics } from "@caribex/observability";
import type { ChainFeedHub } from "../chain-feed";
import { createChainRuntime, type ChainRuntime } from "../chain-runtime";
import { instrumentUnitOfWork } from "../instrumentation";
import type { OrderFeedHub } from "../order-feed";
import { createStreamRegistry } from "../session-streams";
import { createSystemHealth } from "../system-health";
import { jobStatuses } from "../job-status";
import { createReadiness, type ReadinessCheck } from "../http/probes";
import { createAuthentication } from "./authentication";
import { startBackgroundWork, type BackgroundWork } from "./background";
import { createCaches } from "./caches";
import { openDatabase } from "./database";
import { createFeeds } from "./feeds";
import { createEvents, type EventsRuntime } from "./events";
import { refuseWebhookUrl } from "../events/url-guard";
import { createImages } from "./images";
import { defaultNamespace } from "./namespace";
import { createRateLimits } from "./rate-limits";
import { connectRedis, type RedisConnections } from "./redis";

export interface ComposeOptions {
  logDestination?: LoggerOptions["destination"];
  defaultMetrics?: boolean;
  clock?: Clock;
  namespace?: string;
  /** Sees every statement the server sends, after its metrics (the benchmark records one order's statements). */
  onQuery?: (e: QueryEvent) => void;
}

/** Everything one server (or the worker) is built from, wired together, before any HTTP is involved. */
export interface Composition extends BackgroundWork {
  config: Env;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  namespace: string;
  database: Database;
  redis: RedisConnections;
  cache: Cache;
  /** Closes the read cache and the session cache (when that is a separate one). */
  closeCaches(): Promise<void>;
  orderFeed: OrderFeedHub;
  chainFeed: ChainFeedHub;
  chain: ChainRuntime;
  /** The outbox relay, the webhook sender and their consumers. */
  events: EventsRuntime;
  services: Services;
  auth: ReturnType<typeof createAuthentication>;
  /** Live streams per user: capped, and ended when their session ends. */
  streams: ReturnType<typeof createStreamRegistry>;
  rateLimiter: RateLimiter;
  system: ReturnType<typeof createSystemHealth>;
  readiness: ReadinessCheck;
  /** What every procedure receives. */
  deps: ApiDeps;
  images: { store: ImageStore; uploads: ImageUploads };
}

export async function compose(config: Env, opts: ComposeOptions = {}): Promise<Composition> {
  const logger = createLogger({
    level: config.LOG_LEVEL,
    // Pretty output is for a person at a terminal; anywhere else lines must stay one JSON object each.
    pretty: config.NODE_ENV === "development" && (config.LOG_PRETTY ?? true),
    redactExtra: config.LOG_REDACT_EXTRA,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true, walletTransactionTypes: TRANSACTION_KINDS });
  const clock: Clock = opts.clock ?? { now: () => new Date() };
  const namespace = opts.namespace ?? defaultNamespace(config);

  const database = await openDatabase(config, metrics, logger, opts.onQuery);
  const redis = connectRedis(config, logger);
  const caches = createCaches({ config, ...(redis.handles.main ? { redis: redis.handles.main } : {}), namespace, metrics, logger });
  const { cache } = caches;
  // The job runner exists only once the background work has started; until then nothing can wake it.
  let wakeJob: (name: string) => void = () => {};
  const { orderFeed, chainFeed, events } = await createFeeds({
    ...(redis.handles.main ? { publisher: redis.handles.main } : {}),
    ...(redis.subscriber ? { subscriber: redis.subscriber } : {}),
    namespace,
    logger,
    wakeRelay: () => wakeJob("outbox-relay"),
  });
  const eventsRuntime = await createEvents({
    config,
    outbox: createOutboxStore(database),
    feeds: { orderFeed, chainFeed },
    clock,
    logger,
    wake: (name) => wakeJob(name),
  });
  const uow = instrumentUnitOfWork(createUnitOfWork(database), metrics);
  const chain = createChainRuntime({ config, database, uow, metrics, logger, cache, clock, events });
  const services = createServices({
    uow,
    events,
    clock,
    cache,
    chain: chain.settings,
    adminWallets: config.ADMIN_WALLETS,
    escrowReleaseDays: config.ESCROW_RELEASE_DAYS,
    liabilities: { buildTree: buildLiabilityTree, anchorOnChain: config.POL_ANCHOR_ONCHAIN },
    imageSources: { publicUrl: config.IMAGE_PUBLIC_URL, allowedHosts: config.IMAGE_HOST_ALLOWLIST },
    withdrawalRisk: {
      newAddressHoldMinutes: config.NEW_ADDRESS_HOLD_MINUTES,
      reviewThreshold: config.WITHDRAWAL_REVIEW_THRESHOLD,
      dualReviewThreshold: config.WITHDRAWAL_DUAL_REVIEW_THRESHOLD,
    },
    fxSpreadBps: config.FX_SPREAD_BPS,
    supportEmail: config.SUPPORT_EMAIL,
    // auth is created just below; these run only once requests arrive.
    sessions: { endAllForUser: (userId) => auth.endAllForUser(userId), userChanged: (userId) => auth.userChanged(userId) },
  });
  const background = await startBackgroundWork({ config, database, services, chain, clock, logger, metrics, events: eventsRuntime });
  wakeJob = (name) => background.jobs.nudge(name);

  const auth = createAuthentication({
    config,
    database,
    ...(redis.handles.main ? { redis: redis.handles.main } : {}),
    namespace,
    clock,
    users: services.users,
    sessionCache: caches.sessionCache,
    logger,
  });
  const streams = createStreamRegistry({
    maxPerUser: config.SSE_MAX_STREAMS_PER_USER,
    alive: (userId, sessionId) => auth.sessionAlive(userId, sessionId),
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "stream session check failed"),
  });
  // Evicting a user's session lookups (here or on another instance) re-checks that user's live streams.
  caches.onEvict((evicted) => {
    if (evicted === "all") return streams.recheckAll();
    for (const family of evicted.families) {
      const userId = userOfSessionFamily(family);
      if (userId) streams.sessionsChanged(userId);
    }
  });

  const rateLimiter = createRateLimits({ config, ...(redis.handles.limiter ? { redis: redis.handles.limiter } : {}), namespace, logger });
  const readiness = createReadiness({ database, ...(redis.handles.main ? { redis: redis.handles.main } : {}) });
  const system = createSystemHealth({ metrics, readiness, now: () => clock.now(), jobs: () => jobStatuses(config, database) });

  const deps: ApiDeps = {
    services,
    system,
    orderFeed,
    chainFeed,
    streams,
    clock,
    config: { exposeErrors: config.NODE_ENV === "development", production: config.NODE_ENV === "production", allowedOrigins: config.ALLOWED_ORIGINS },
    auth,
    rateLimiter,
    webhooks: createWebhookServices({
      store: createWebhookStore(database),
      clock,
      refuseUrl: (url) => refuseWebhookUrl(url, eventsRuntime.urlPolicy),
      wake: () => wakeJob("webhook-deliveries"),
    }),
    trace: (name, attributes, fn) => withSpan(name, attributes, () => fn()),
  };

  return {
    config,
    logger,
    metrics,
    clock,
    namespace,
    database,
    redis,
    cache,
    closeCaches: () => caches.close(),
    orderFeed,
    chainFeed,
    chain,
    events: eventsRuntime,
    services,
    ...background,
    auth,
    streams,
    rateLimiter,
    system,
    readiness,
    deps,
    images: createImages(config),
  };
}
