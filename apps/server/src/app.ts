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
import { createServices } from "@caribex/application";
import { cookieNames, createAuth, parseCookieHeader, RedisNonceStore, rpcContractChecker } from "@caribex/auth";
import { createCache, type Cache } from "@caribex/cache";
import type { Env } from "@caribex/config";
import { createAuthStores, createDatabase, createUnitOfWork, seed, type Database } from "@caribex/db";
import { withTimeout, type Clock, type DomainEvents } from "@caribex/domain";
import { createLogger, createMetrics, currentTraceId, hashUserId, levelForStatus, tracingEnabled, withIncomingContext, withSpan, type Logger, type LoggerOptions, type Metrics } from "@caribex/observability";
import { createOrderFeed, type OrderFeedHub } from "./order-feed";
import { startEscrowReleaser, type EscrowReleaser } from "./escrow-release";
import { instrumentUnitOfWork, observeQueries, tracedContractChecker } from "./instrumentation";
import { requestIdOf, sendJson, sendTrpcError } from "./http-util";
import { createPublicReads, isAnonymous, replayLimiter } from "./public-reads";
import { createSystemHealth, type Readiness } from "./system-health";

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
  /** Connections the app opened, exposed so tests can break one on purpose. */
  redis: { main?: Redis; limiter?: Redis };
  /** The background job that completes shipped orders nobody confirmed or disputed in time. */
  escrowReleaser: EscrowReleaser;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes pools. */
  close(): Promise<void>;
}

interface RequestState {
  requestId: string;
  started: number;
  userId: string | null;
  /** The unexpected error behind a 5xx, so the request's own log line carries its stack. */
  error?: unknown;
  /** Rate-limit decisions the cached-read path already took; the procedure guard reuses them. */
  rateDecisions?: Map<string, RateDecision[]>;
  /** Metric labels for the path, worked out once for the log line, the metrics and the span name. */
  labels?: string[];
}

const ANONYMOUS: { principal: Principal; authError: null } = Object.freeze({ principal: { kind: "anonymous" }, authError: null });

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

export async function createApp(config: Env, opts: AppOptions = {}): Promise<App> {
  const production = config.NODE_ENV === "production";
  const logger = createLogger({
    level: config.LOG_LEVEL,
    // Pretty output is for a person at a terminal; anywhere else lines must stay one JSON object each.
    pretty: config.NODE_ENV === "development" && (config.LOG_PRETTY ?? true),
    redactExtra: config.LOG_REDACT_EXTRA,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true });
  const clock: Clock = opts.clock ?? { now: () => new Date() };
  const ns = opts.namespace ?? defaultNamespace(config);

  const database = await createDatabase({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    pgliteDir: config.PGLITE_DIR,
    onQuery: observeQueries(metrics),
  });
  await database.migrate();
  // Demo accounts have well-known keys, so they are never seeded into a production database.
  if (config.DB_SEED_ON_START && !production) await seed(database);
  metrics.setDbPoolInUse(() => database.poolInUse());

  const redis: App["redis"] = {};
  let subscriber: Redis | undefined;
  if (config.REDIS_URL) {
    redis.main = redisClient(config.REDIS_URL);
    subscriber = redis.main.duplicate();
    // Its own connection that fails fast instead of queueing, so limits fall back to memory at once.
    redis.limiter = redisClient(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    for (const c of [redis.main, subscriber, redis.limiter]) c.on("error", (e: Error) => logger.debug({ err: e.message }, "redis connection error"));
  }

  const cache = createCache({
    l1: { enabled: config.CACHE_L1_ENABLED, maxBytes: config.CACHE_L1_MAX_BYTES, ttlMs: config.CACHE_L1_TTL_SECONDS * 1000 },
    l2: { enabled: config.CACHE_L2_ENABLED && !!redis.main, ...(redis.main ? { redis: redis.main } : {}), ttlSeconds: config.CACHE_L2_TTL_SECONDS },
    namespace: ns,
    codec: { encode: (v) => superjson.stringify(v), decode: (s) => superjson.parse(s) },
    metrics: metrics.cache,
    // Only with tracing on: otherwise every L1 hit would pay for a span wrapper that does nothing.
    ...(tracingEnabled() ? { trace: withSpan } : {}),
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "cache degraded"),
  });
  metrics.setCacheL1Size(() => cache.size());

  const orderFeed: OrderFeedHub = await createOrderFeed({
    ...(redis.main && subscriber ? { publisher: redis.main, subscriber } : {}),
    channel: `${ns}:orders:status`,
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "order feed degraded"),
  });
  const events: DomainEvents = {
    orderStatusChanged: (e) => orderFeed.publish(e),
    // The use cases evict their own cache entries; nothing else listens to these yet.
    productsChanged: () => {},
    categoriesChanged: () => {},
    balancesChanged: () => {},
  };
  const services = createServices({
    uow: instrumentUnitOfWork(createUnitOfWork(database), metrics),
    events,
    clock,
    cache,
    escrowReleaseDays: config.ESCROW_RELEASE_DAYS,
  });
  const escrowReleaser = startEscrowReleaser({
    release: (now) => services.orders.releaseDueEscrows(now),
    clock,
    intervalMs: config.ESCROW_RELEASE_INTERVAL_SECONDS * 1000,
    onResult: (r) => {
      if (r.released || r.failed) logger.info(r, "escrow auto-release");
    },
    onError: (e) => logger.error({ err: e }, "escrow auto-release failed"),
  });

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
    nonces: redis.main ? new RedisNonceStore(redis.main, `${ns}:siwe:nonce:`) : stores.nonces,
    refreshTokens: stores.refreshTokens,
    serviceClients: stores.serviceClients,
    users: services.users,
    ...(config.EIP1271_RPC_URL
      ? { contractWallets: tracedContractChecker(rpcContractChecker(config.EIP1271_RPC_URL, config.SIWE_CHAIN_IDS[0] ?? 1), config.SIWE_CHAIN_IDS[0] ?? 1) }
      : {}),
  });

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
    clock,
    config: { exposeErrors: config.NODE_ENV === "development", production, allowedOrigins: config.ALLOWED_ORIGINS },
    auth,
    rateLimiter,
    trace: (name, attributes, fn) => withSpan(name, attributes, () => fn()),
  };

  const states = new WeakMap<IncomingMessage, RequestState>();
  const sessionCookie = cookieNames(production).session;
  const allowedOrigins = new Set(config.ALLOWED_ORIGINS.map((o) => new URL(o).origin));

  function exchange(req: IncomingMessage, res: ServerResponse): HttpExchange {
    let cookies: Record<string, string> | undefined;
    return {
      ip: req.socket.remoteAddress ?? "unknown",
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

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: config.MAX_BODY_BYTES,
    maxBatchSize: config.MAX_BATCH_SIZE,
    async createContext({ req, res }): Promise<Context> {
      const state = states.get(req);
      const http = exchange(req, res);
      // Without a token or a session cookie there is nothing to verify or look up.
      const identity = isAnonymous(req, sessionCookie) ? ANONYMOUS : await auth.authenticate(http);
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
    },
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
    return { ok: Object.values(checks).every((c) => c === "ok"), checks };
  }

  const streams = new Set<ServerResponse>();
  let draining = false;

  async function handle(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz") return sendJson(res, draining ? 503 : 200, { status: draining ? "draining" : "ok" });
    if (url.pathname === "/readyz") {
      const r = await readiness();
      const failed = Object.entries(r.checks).filter(([, v]) => v === "fail").map(([k]) => k);
      return sendJson(res, r.ok && !draining ? 200 : 503, { status: r.ok && !draining ? "ready" : "unavailable", checks: r.checks, ...(failed.length ? { failed } : {}) });
    }
    if (url.pathname === "/metrics") {
      const text = await metrics.metricsText();
      res.writeHead(200, { "content-type": metrics.contentType });
      return void res.end(text);
    }
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
      streams.add(res);
      res.on("close", () => streams.delete(res));
    } else {
      const read = await publicReads.serve(req, res, url, state.requestId);
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
    const state: RequestState = { requestId: requestIdOf(req), started: performance.now(), userId: null };
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
  server.keepAliveTimeout = 5_000;

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
    namespace: ns,
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
        await escrowReleaser.stop();
        system.close();
        await orderFeed.close();
        await cache.close().catch(() => {});
        await Promise.allSettled([redis.main?.quit(), subscriber?.quit(), redis.limiter?.quit()]);
        await database.close();
        logger.flush?.();
      })();
      return closing;
    },
  };
}
