import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { Redis, type RedisOptions } from "ioredis";
import superjson from "superjson";
import {
  appRouter,
  createRateLimiter,
  memoryExchange,
  MemoryBucketStore,
  RedisBucketStore,
  type ApiDeps,
  type Context,
  type HttpExchange,
  type Principal,
  type RateDecision,
  type RedisEval,
} from "@caribex/api";
import { createImageUploads, createServices } from "@caribex/application";
import { cookieNames, createAuth, FallbackNonceStore, MirroredSessionStore, parseCookieHeader, RedisNonceStore, RedisSessionStore, rpcContractChecker, userOfSessionFamily } from "@caribex/auth";
import { createCache, type Cache, type CacheOptions } from "@caribex/cache";
import type { Env } from "@caribex/config";
import { createAuthStores, createDatabase, housekeeping, createUnitOfWork, describeTarget, grantAdmins, isUnreachable, seed, waitForDatabase, type Database } from "@caribex/db";
import { isDomainError, TRANSACTION_KINDS, withTimeout, type Clock, type DomainError, type DomainEvents, type ImageStore } from "@caribex/domain";
import { createJobMetrics, createLogger, createMetrics, currentTraceId, hashUserId, levelForStatus, tracingEnabled, withIncomingContext, withSpan, type Logger, type LoggerOptions, type Metrics } from "@caribex/observability";
import { clientAddress } from "@caribex/client/forwarded-for";
import { createChainRuntime, type ChainRuntime } from "./chain-runtime";
import { createChainFeed } from "./chain-feed";
import { createOrderFeed, type OrderFeedHub } from "./order-feed";
import { startEscrowReleaser, type EscrowReleaser } from "./escrow-release";
import { createInProcessRunner, createPgBossRunner, type JobRunner, type PeriodicJob } from "./jobs";
import { httpFxFeed, startFxRefresher, type FxRefresher } from "./fx-feed";
import { createStreamRegistry } from "./session-streams";
import { instrumentUnitOfWork, observeQueries, tracedContractChecker } from "./instrumentation";
import { requestIdOf, sendJson, sendTrpcError } from "./http-util";
import { createPublicReads, isAnonymous, replayLimiter } from "./public-reads";
import { openApiDocument, referencePage, REST_PREFIX, sendRestError, serveRest } from "./rest";
import { createSystemHealth, type Readiness } from "./system-health";
import { fileImageStore } from "./images/fs-store";
import { createImageRoutes } from "./images/routes";
import { s3ImageStore } from "./images/s3-store";
import { sharpImageProcessor } from "./images/sharp-processor";

export interface AppOptions {
  /** Where log lines go (tests capture them); stdout otherwise. */
  logDestination?: LoggerOptions["destination"];
  /** Process metrics are global to the process; tests starting several servers turn them off. */
  defaultMetrics?: boolean;
  clock?: Clock;
  /** Prefix for every Redis key and channel, so test servers sharing one Redis stay apart. */
  namespace?: string;
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
  redis: { main?: Redis; limiter?: Redis };
  /** One pass of the job that completes shipped orders nobody confirmed or disputed in time, on demand. */
  escrowReleaser: EscrowReleaser;
  /**
   * The background jobs (deposit scanner, withdrawal sender, escrow auto-release, housekeeping): started here
   * with JOBS_MODE=inline, by the worker process with JOBS_MODE=worker.
   */
  jobs: JobRunner;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes pools. */
  close(): Promise<void>;
}

interface RequestState {
  requestId: string;
  started: number;
  userId: string | null;
  /** Who sent the request, behind TRUST_PROXY trusted proxies: the key of the per-address rate limits. */
  clientIp: string;
  /** The unexpected error behind a 5xx, so the request's own log line carries its stack. */
  error?: unknown;
  /** Rate-limit decisions the cached-read path already took; the procedure guard reuses them. */
  rateDecisions?: Map<string, RateDecision[]>;
  /** Metric labels for the path, worked out once for the log line, the metrics and the span name. */
  labels?: string[];
  /** Who is calling, when it was worked out before tRPC (live streams are admitted up front). */
  identity?: Identity;
}

type Identity = { principal: Principal; authError: DomainError | null };

const ANONYMOUS: { principal: Principal; authError: null } = Object.freeze({ principal: { kind: "anonymous" }, authError: null });

const HOUSEKEEPING_EVERY_MS = 10 * 60_000;

const procedureNames = new Set(Object.keys(appRouter._def.procedures));
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

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

function redisClient(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableAutoPipelining: true, ...extra });
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

export async function createApp(config: Env, opts: AppOptions = {}): Promise<App> {
  const production = config.NODE_ENV === "production";
  const logger = createLogger({
    level: config.LOG_LEVEL,
    // Pretty output is for a person at a terminal; anywhere else lines must stay one JSON object each.
    pretty: config.NODE_ENV === "development" && (config.LOG_PRETTY ?? true),
    redactExtra: config.LOG_REDACT_EXTRA,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true, walletTransactionTypes: TRANSACTION_KINDS });
  const clock: Clock = opts.clock ?? { now: () => new Date() };
  const ns = opts.namespace ?? defaultNamespace(config);

  const database = await createDatabase({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    pgliteDir: config.PGLITE_DIR,
    onQuery: observeQueries(metrics),
  });
  await reachDatabase(database, config, logger);
  await database.migrate();
  // Demo accounts have well-known keys, so they are never seeded into a production database.
  if (config.DB_SEED_ON_START && !production) await seed(database);
  // The operator's admins exist from the first request on, even before they ever sign in.
  const grants = await grantAdmins(database, config.ADMIN_WALLETS);
  if (grants.length) logger.info({ admins: grants.length, created: grants.filter((g) => g.created).length, promoted: grants.filter((g) => g.promoted).length }, "ADMIN_WALLETS granted");
  metrics.setDbPoolInUse(() => database.poolInUse());

  const redis: App["redis"] = {};
  let subscriber: Redis | undefined;
  if (config.REDIS_URL) {
    redis.main = redisClient(config.REDIS_URL);
    subscriber = redis.main.duplicate();
    // Its own connection that fails fast instead of queueing, so limits fall back to memory at once.
    redis.limiter = redisClient(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    // Redis is optional at run time: the cache, rate limits and order feed degrade without it. The operator hears
    // once per outage, with the variable to check, instead of once per reconnect attempt.
    const target = describeTarget(config.REDIS_URL);
    let down = false;
    for (const c of [redis.main, subscriber, redis.limiter]) {
      c.on("error", (e: Error & { code?: string }) => {
        if (!down) logger.warn({ variable: "REDIS_URL", target, err: e.code ?? e.message }, `REDIS_URL: cannot reach Redis at ${target}; running degraded until it is back`);
        else logger.debug({ err: e.message }, "redis connection error");
        down = true;
      });
      c.on("ready", () => {
        if (down) logger.info({ variable: "REDIS_URL", target }, "Redis is reachable again");
        down = false;
      });
    }
  }

  // Bound once the stream registry exists: evictions of a user's session lookups re-check their live streams.
  let onCacheEvict: NonNullable<CacheOptions["onEvict"]> = () => {};
  const cache = createCache({
    l1: { enabled: config.CACHE_L1_ENABLED, maxBytes: config.CACHE_L1_MAX_BYTES, ttlMs: config.CACHE_L1_TTL_SECONDS * 1000 },
    l2: { enabled: config.CACHE_L2_ENABLED && !!redis.main, ...(redis.main ? { redis: redis.main } : {}), ttlSeconds: config.CACHE_L2_TTL_SECONDS },
    namespace: ns,
    codec: { encode: (v) => superjson.stringify(v), decode: (s) => superjson.parse(s) },
    metrics: metrics.cache,
    // Only with tracing on: otherwise every L1 hit would pay for a span wrapper that does nothing.
    ...(tracingEnabled() ? { trace: withSpan } : {}),
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "cache degraded"),
    onEvict: (evicted) => onCacheEvict(evicted),
  });
  metrics.setCacheL1Size(() => cache.size());
  // Session lookups ride on the read cache and its cross-instance eviction. With Redis but the L2 switched off,
  // that cache hears nothing from other instances, so sessions get their own small one that does.
  const sessionCache: Cache =
    redis.main && !config.CACHE_L2_ENABLED
      ? createCache({
          l1: { enabled: true, maxBytes: 16 * 1024 * 1024, ttlMs: Math.max(1, config.SESSION_CACHE_TTL_MS) },
          l2: { enabled: true, redis: redis.main, ttlSeconds: Math.max(1, Math.ceil(config.SESSION_CACHE_TTL_MS / 1000)) },
          namespace: `${ns}:sessions`,
          codec: { encode: (v) => superjson.stringify(v), decode: (s) => superjson.parse(s) },
          onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "session cache degraded"),
          onEvict: (evicted) => onCacheEvict(evicted),
        })
      : cache;

  const orderFeed: OrderFeedHub = await createOrderFeed({
    ...(redis.main && subscriber ? { publisher: redis.main, subscriber } : {}),
    channel: `${ns}:orders:status`,
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "order feed degraded"),
  });
  const chainFeed = await createChainFeed({
    ...(redis.main && subscriber ? { publisher: redis.main, subscriber } : {}),
    channel: `${ns}:chain:activity`,
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "chain activity feed degraded"),
  });
  const events: DomainEvents = {
    orderStatusChanged: (e) => orderFeed.publish(e),
    chainActivity: (e) => chainFeed.publish(e),
    // The use cases evict their own cache entries; nothing else listens to these yet.
    productsChanged: () => {},
    categoriesChanged: () => {},
    balancesChanged: () => {},
  };
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
    // auth is created just below; these run only once requests arrive.
    sessions: { endAllForUser: (userId) => auth.endAllForUser(userId), userChanged: (userId) => auth.userChanged(userId) },
  });
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

  const stores = createAuthStores(database);
  const auth = createAuth({
    config: {
      production,
      sessionSecret: config.SESSION_SECRET,
      sessionTtlSeconds: config.SESSION_TTL_SECONDS,
      refreshTtlSeconds: config.REFRESH_TTL_SECONDS,
      nonceTtlSeconds: config.NONCE_TTL_SECONDS,
      allowedOrigins: config.ALLOWED_ORIGINS,
      chainIds: config.SIWE_CHAIN_IDS,
      jwtSecret: config.JWT_SECRET,
      jwtIssuer: config.JWT_ISSUER,
    },
    clock,
    // While Redis is away, new nonces go to the database, so signing in keeps working.
    nonces: redis.main
      ? new FallbackNonceStore(new RedisNonceStore(redis.main, `${ns}:siwe:nonce:`), stores.nonces, (e) =>
          logger.warn({ err: e instanceof Error ? e.message : String(e) }, "nonces fell back to the database"),
        )
      : stores.nonces,
    refreshTokens: stores.refreshTokens,
    serviceClients: stores.serviceClients,
    users: services.users,
    // Redis answers most lookups; the database keeps every session, so a Redis outage signs nobody out.
    sessions: redis.main
      ? new MirroredSessionStore(new RedisSessionStore(redis.main, `${ns}:session:`), stores.sessions, {
          onFastFailure: (e) => logger.debug({ err: e instanceof Error ? e.message : String(e) }, "session lookup fell back to the database"),
        })
      : stores.sessions,
    sessionCache,
    sessionCacheTtlMs: config.SESSION_CACHE_TTL_MS,
    ...(config.EIP1271_RPC_URL
      ? { contractWallets: tracedContractChecker(rpcContractChecker(config.EIP1271_RPC_URL, config.SIWE_CHAIN_IDS[0] ?? 1), config.SIWE_CHAIN_IDS[0] ?? 1) }
      : {}),
  });

  const streamRegistry = createStreamRegistry({
    maxPerUser: config.SSE_MAX_STREAMS_PER_USER,
    alive: (userId, sessionId) => auth.sessionAlive(userId, sessionId),
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "stream session check failed"),
  });
  onCacheEvict = (evicted) => {
    if (evicted === "all") return streamRegistry.recheckAll();
    for (const family of evicted.families) {
      const userId = userOfSessionFamily(family);
      if (userId) streamRegistry.sessionsChanged(userId);
    }
  };

  const memoryBuckets = new MemoryBucketStore();
  const rateLimiter = createRateLimiter(
    { ipPerMinute: config.RATE_LIMIT_IP_PER_MINUTE, userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE, sensitivePerMinute: config.RATE_LIMIT_SENSITIVE_PER_MINUTE },
    redis.limiter
      ? new RedisBucketStore(redis.limiter as unknown as RedisEval, memoryBuckets, {
          prefix: `${ns}:rl:`,
          onFallback: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "rate limits fell back to in-process buckets"),
        })
      : memoryBuckets,
  );

  // readiness() is declared further down; it is only called once requests arrive.
  const system = createSystemHealth({ metrics, readiness: () => readiness(), now: () => clock.now() });

  const deps: ApiDeps = {
    services,
    system,
    orderFeed,
    chainFeed,
    streams: streamRegistry,
    clock,
    config: { exposeErrors: config.NODE_ENV === "development", production, allowedOrigins: config.ALLOWED_ORIGINS },
    auth,
    rateLimiter,
    trace: (name, attributes, fn) => withSpan(name, attributes, () => fn()),
  };

  const states = new WeakMap<IncomingMessage, RequestState>();
  const sessionCookie = cookieNames(production).session;
  const allowedOrigins = new Set(config.ALLOWED_ORIGINS.map((o) => new URL(o).origin));

  const clientIpOf = (req: IncomingMessage) => clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.TRUST_PROXY);

  function exchange(req: IncomingMessage, res: ServerResponse): HttpExchange {
    let cookies: Record<string, string | undefined> | undefined;
    return {
      ip: states.get(req)?.clientIp ?? clientIpOf(req),
      header: (name) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      cookie: (name) => (cookies ??= parseCookieHeader(req.headers.cookie))[name],
      setCookie: (c) => {
        const prev = res.getHeader("set-cookie");
        res.setHeader("set-cookie", [...(Array.isArray(prev) ? prev : prev ? [String(prev)] : []), c]);
      },
      setHeader: (n, v) => {
        if (!res.headersSent) res.setHeader(n, v);
      },
    };
  }

  /** The caller of one request (session cookie or Bearer token), for tRPC and REST alike. */
  async function requestContext(req: IncomingMessage, res: ServerResponse): Promise<Context> {
    const state = states.get(req);
    const http = exchange(req, res);
    // Without a token or a session cookie there is nothing to verify or look up.
    const identity = state?.identity ?? (isAnonymous(req, sessionCookie) ? ANONYMOUS : await auth.authenticate(http));
    const user = identity.principal.kind === "anonymous" ? null : identity.principal.user;
    if (state) state.userId = user?.id ?? null;
    return {
      deps: state?.rateDecisions ? { ...deps, rateLimiter: replayLimiter(state.rateDecisions, deps.rateLimiter) } : deps,
      services,
      user,
      principal: identity.principal,
      authError: identity.authError,
      requestId: state?.requestId ?? crypto.randomUUID(),
      http,
    };
  }

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: config.MAX_BODY_BYTES,
    maxBatchSize: config.MAX_BATCH_SIZE,
    createContext: ({ req, res }) => requestContext(req, res),
    onError({ error, path, req }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        // The request's own line reports it (at error, with the stack); a separate line only for a request
        // this server did not start tracking, which should not happen.
        const state = states.get(req);
        if (state) state.error ??= error.cause ?? error;
        else logger.error({ err: error.cause ?? error, procedure: path ?? "unknown" }, "procedure failed");
      }
    },
  });

  // Cached reads are rendered by the very same router, as an anonymous caller; the request that triggered the
  // load has already been rate limited, and the bytes are shared by every anonymous caller after it.
  const renderDeps: ApiDeps = { ...deps, rateLimiter: undefined };
  const publicReads = createPublicReads({
    cache,
    rateLimiter,
    sessionCookie,
    maxBatchSize: config.MAX_BATCH_SIZE,
    async render(procedure, input, requestId) {
      const query = input === null ? "" : `?input=${encodeURIComponent(input)}`;
      const response = await fetchRequestHandler({
        router: appRouter,
        endpoint: "/trpc",
        req: new Request(`http://localhost/trpc/${procedure}${query}`),
        createContext: (): Context => ({
          deps: renderDeps,
          services,
          user: null,
          principal: ANONYMOUS.principal,
          authError: null,
          requestId,
          http: memoryExchange(),
        }),
      });
      return { status: response.status, body: await response.text() };
    },
  });

  function applyCors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (origin && allowedOrigins.has(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
    }
    res.setHeader("vary", "Origin");
  }

  /** A cross-site form or fetch carrying our cookies must not be able to trigger a mutation. */
  function originAllowed(req: IncomingMessage): boolean {
    if (!MUTATING.has(req.method ?? "GET")) return true;
    const origin = req.headers.origin;
    if (origin) return allowedOrigins.has(origin);
    if (req.headers["x-caribex-csrf"] === "1") return true;
    // No cookies means nothing ambient to abuse (service tokens travel in a header a form cannot set).
    return !req.headers.cookie;
  }

  /**
   * Ready means the database answers: without it nothing works. Redis is reported but does not decide: every
   * use of it has a fallback, so an outage must not take every pod out of the Service at once.
   */
  async function readiness(): Promise<Readiness> {
    const timeout = <T>(p: Promise<T>) => withTimeout(p, 2000);
    const checks: Record<string, "ok" | "fail"> = {};
    checks.database = await timeout(database.ping()).then(
      () => "ok" as const,
      () => "fail" as const,
    );
    if (redis.main) {
      checks.redis = await timeout(redis.main.ping()).then(
        () => "ok" as const,
        () => "fail" as const,
      );
    }
    return { ok: checks.database === "ok", checks };
  }

  let openApi: Record<string, unknown> | undefined;

  /** REST under /api/v1: the same CORS, body limit and origin check as tRPC, then the same procedures. */
  async function rest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    applyCors(req, res);
    if (req.method === "OPTIONS") {
      if (req.headers.origin && allowedOrigins.has(req.headers.origin)) {
        res.writeHead(204, {
          "access-control-allow-methods": "GET, POST, PUT, DELETE",
          "access-control-allow-headers": "content-type, authorization, x-request-id, x-caribex-csrf",
          "access-control-max-age": "600",
        });
      } else res.writeHead(403);
      return void res.end();
    }
    if (Number(req.headers["content-length"] ?? 0) > config.MAX_BODY_BYTES) {
      res.setHeader("connection", "close");
      return sendRestError(res, { code: "REQUEST.TOO_LARGE", message: `Request body exceeds ${config.MAX_BODY_BYTES} bytes`, details: { limit: config.MAX_BODY_BYTES } });
    }
    if (!originAllowed(req)) {
      return sendRestError(res, { code: "AUTH.ORIGIN_REJECTED", message: "Cross-site request refused: Origin is not allowed", details: {} });
    }
    await serveRest(req, res, url, { context: requestContext, maxBodyBytes: config.MAX_BODY_BYTES, exposeErrors: deps.config.exposeErrors });
  }

  /** Public proof of reserves: the treasury's USDC on chain against everything the ledger owes in USDC. */
  async function sendReserves(res: ServerResponse): Promise<void> {
    if (!chain.settings.chain) {
      return sendJson(res, 503, { error: { code: "CHAIN.UNAVAILABLE", message: "USDC on chain is not enabled on this server", details: {} } });
    }
    try {
      const r = await services.chain.reserves();
      const usdc = (v: bigint) => {
        const sign = v < 0n ? "-" : "";
        const a = v < 0n ? -v : v;
        return `${sign}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, "0")}`;
      };
      res.setHeader("cache-control", "public, max-age=10");
      return sendJson(res, 200, {
        chainId: r.chainId,
        token: r.tokenAddress,
        treasury: r.treasuryAddress,
        block: r.block.toString(),
        currency: "USDC",
        onChain: usdc(r.treasuryOnChain),
        owed: {
          users: usdc(r.liabilities.users),
          escrow: usdc(r.liabilities.escrow),
          pendingWithdrawals: usdc(r.liabilities.pendingWithdrawals),
          suspense: usdc(r.liabilities.suspense),
          total: usdc(r.liabilities.total),
        },
        difference: usdc(r.difference),
      });
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, "reserves unavailable");
      return sendJson(res, 503, { error: { code: "CHAIN.UNAVAILABLE", message: "The chain cannot be reached right now", details: {} } });
    }
  }

  const imageStore: ImageStore =
    config.IMAGE_STORE === "s3"
      ? s3ImageStore({
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET!,
          accessKeyId: config.S3_ACCESS_KEY_ID!,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
        })
      : fileImageStore(config.IMAGE_DIR);
  const images = createImageRoutes({
    uploads: createImageUploads({ store: imageStore, processor: sharpImageProcessor(), maxBytes: config.IMAGE_MAX_BYTES, publicUrl: config.IMAGE_PUBLIC_URL }),
    store: imageStore,
    identify: async (req, res) => (isAnonymous(req, sessionCookie) ? { principal: { kind: "anonymous" }, authError: null } : auth.authenticate(exchange(req, res))),
    originAllowed,
    onError: (e) => logger.error({ err: e }, "image upload failed"),
  });

  const streams = new Set<ServerResponse>();
  let draining = false;

  async function handle(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz") return sendJson(res, draining ? 503 : 200, { status: draining ? "draining" : "ok" });
    if (url.pathname === "/readyz") {
      const r = await readiness();
      const failed = Object.entries(r.checks).filter(([, v]) => v === "fail").map(([k]) => k);
      const ready = r.ok && !draining;
      const status = !ready ? "unavailable" : failed.length ? "degraded" : "ready";
      // The chain is a detail, not a condition: an open breaker must not take the whole API out of rotation.
      const details = { chain: chain.state() };
      return sendJson(res, ready ? 200 : 503, { status, checks: r.checks, details, ...(failed.length ? { failed } : {}), ...(ready && failed.length ? { degraded: failed } : {}) });
    }
    if (url.pathname === "/reserves" && (req.method === "GET" || req.method === "HEAD")) {
      applyCors(req, res);
      return sendReserves(res);
    }
    if (url.pathname === "/metrics") {
      const text = await metrics.metricsText();
      res.writeHead(200, { "content-type": metrics.contentType });
      return void res.end(text);
    }
    if (url.pathname === "/openapi.json") return sendJson(res, 200, (openApi ??= openApiDocument(sessionCookie)));
    if (url.pathname === `${REST_PREFIX}/docs`) {
      const page = referencePage((openApi ??= openApiDocument(sessionCookie)));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" });
      return void res.end(page);
    }
    if (url.pathname.startsWith(`${REST_PREFIX}/`)) return rest(req, res, url);
    if (await images.handle(req, res, url)) return;
    if (!url.pathname.startsWith("/trpc/")) {
      return sendJson(res, 404, { error: { code: "VALIDATION.INVALID_INPUT", message: "Not found", details: {} } });
    }
    applyCors(req, res);
    if (req.method === "OPTIONS") {
      if (req.headers.origin && allowedOrigins.has(req.headers.origin)) {
        res.writeHead(204, {
          "access-control-allow-methods": "GET, POST",
          "access-control-allow-headers": "content-type, authorization, x-request-id, x-caribex-csrf, trpc-accept, last-event-id",
          "access-control-max-age": "600",
        });
      } else res.writeHead(403);
      return void res.end();
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > config.MAX_BODY_BYTES) {
      res.setHeader("connection", "close");
      return sendTrpcError(req, res, "REQUEST.TOO_LARGE", `Request body exceeds ${config.MAX_BODY_BYTES} bytes`, { limit: config.MAX_BODY_BYTES });
    }
    if (!originAllowed(req)) {
      return sendTrpcError(req, res, "AUTH.ORIGIN_REJECTED", "Cross-site request refused: Origin is not allowed");
    }
    if (req.headers.accept?.includes("text/event-stream")) {
      // tRPC reports a subscription's errors inside a 200 event stream; a user over the stream cap gets a plain
      // 429 here instead (the procedure still enforces the cap if two streams race past this check).
      const identity = isAnonymous(req, sessionCookie) ? ANONYMOUS : await auth.authenticate(exchange(req, res));
      state.identity = identity;
      if (identity.principal.kind !== "anonymous") {
        try {
          streamRegistry.assertRoom(identity.principal.user.id);
        } catch (e) {
          if (!isDomainError(e)) throw e;
          return sendTrpcError(req, res, e.code, e.message, e.details);
        }
      }
      streams.add(res);
      res.on("close", () => streams.delete(res));
    } else {
      const read = await publicReads.serve(req, res, url, state.requestId, state.clientIp);
      if (read.served) return;
      if (read.decisions) state.rateDecisions = read.decisions;
    }
    await trpc(req, res);
  }

  function procedureLabels(req: IncomingMessage, state: RequestState): string[] {
    if (state.labels) return state.labels;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!path.startsWith("/trpc/")) return (state.labels = [path === "/healthz" || path === "/readyz" || path === "/metrics" ? path : "other"]);
    let names: string;
    try {
      names = decodeURIComponent(path.slice(6));
    } catch {
      // A malformed escape is a client's mistake; it must not throw inside the response's finish handler.
      return (state.labels = ["unknown"]);
    }
    return (state.labels = names
      .split(",")
      .slice(0, 100)
      .map((p) => (procedureNames.has(p) ? p : "unknown")));
  }

  const server = createServer((req, res) => {
    const state: RequestState = { requestId: requestIdOf(req), started: performance.now(), userId: null, clientIp: clientIpOf(req) };
    states.set(req, state);
    res.setHeader("x-request-id", state.requestId);
    const method = req.method ?? "GET";
    void withIncomingContext(req.headers, () => withSpan(`HTTP ${method}`, { "http.method": method, "http.target": (req.url ?? "/").split("?")[0] ?? "/" }, async (span) => {
      const traceId = currentTraceId();
      res.on("finish", () => {
        const seconds = (performance.now() - state.started) / 1000;
        const paths = procedureLabels(req, state);
        for (const p of paths) metrics.observeRequest(method, p, res.statusCode, seconds);
        logger[levelForStatus(res.statusCode)]({
          request_id: state.requestId,
          user_hash: state.userId ? hashUserId(config.USER_HASH_SECRET, state.userId) : null,
          method,
          path: paths.join(","),
          status: res.statusCode,
          duration: Math.round(seconds * 1e6) / 1e3,
          ...(traceId ? { trace_id: traceId } : {}),
          ...(res.statusCode >= 500 && state.error !== undefined ? { err: state.error } : {}),
        }, "request");
      });
      try {
        await handle(req, res, state);
      } catch (e) {
        state.error ??= e;
        if (!res.headersSent) sendTrpcError(req, res, "INTERNAL", "Something went wrong on our side. Please try again.");
        else {
          // Too late for a 5xx: the status already went out, so the failure gets its own line.
          logger.error({ err: e, request_id: state.requestId }, "request handler failed");
          res.end();
        }
      }
      if (span) {
        span.setAttribute("http.status_code", res.statusCode);
        span.updateName(`HTTP ${method} ${procedureLabels(req, state).join(",")}`);
      }
    }));
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  // Longer than the 5 s after which Node's own keep-alive agents (the Next apps' /trpc proxy among them) drop an idle
  // socket: the client must close it first, or a request sent as the server closes it fails with ECONNRESET.
  server.keepAliveTimeout = 10_000;

  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  let closing: Promise<void> | undefined;
  return {
    server,
    config,
    database,
    logger,
    metrics,
    deps,
    cache,
    redis,
    escrowReleaser,
    jobs,
    namespace: ns,
    chain,
    listen(port = config.PORT, host = config.HOST) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const addr = server.address() as AddressInfo;
          const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
          resolve({ port: addr.port, url: `http://${shown}:${addr.port}` });
        });
      });
    },
    close() {
      closing ??= (async () => {
        draining = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Live order streams never finish on their own; clients reconnect elsewhere.
        for (const res of streams) res.end();
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        timer.unref();
        await closed;
        clearTimeout(timer);
        for (const s of sockets) s.destroy();
        await jobs.stop();
        await escrowReleaser.stop();
        await fxRefresher?.stop();
        system.close();
        await chain.stop();
        await orderFeed.close();
        await chainFeed.close();
        await cache.close().catch(() => {});
        if (sessionCache !== cache) await sessionCache.close().catch(() => {});
        await Promise.allSettled([redis.main?.quit(), subscriber?.quit(), redis.limiter?.quit()]);
        await database.close();
        logger.flush?.();
      })();
      return closing;
    },
  };
}
