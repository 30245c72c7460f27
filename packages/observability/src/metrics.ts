import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type CacheLevel = "l1" | "l2";

export interface Metrics {
  /** The registry every series below lives on; `/metrics` serves `metricsText()` from it. */
  readonly registry: Registry;
  readonly contentType: string;
  observeRequest(method: string, path: string, status: number | string, seconds: number): void;
  cacheHit(level: CacheLevel): void;
  cacheMiss(level: CacheLevel): void;
  /** Adapter with the shape `@caribex/cache` expects for its `metrics` option. */
  readonly cache: { hit(level: CacheLevel): void; miss(level: CacheLevel): void };
  walletTransaction(type: string, status: string): void;
  observeDbQuery(seconds: number, operation?: string): void;
  /** Sampled at scrape time: how many pool connections are checked out. */
  setDbPoolInUse(read: () => number): void;
  /** Sampled at scrape time: bytes held by the in-process cache (`cache.size()`). */
  setCacheL1Size(read: () => number): void;
  metricsText(): Promise<string>;
}

export interface MetricsOptions {
  /** Process and event-loop metrics; on by default. Tests that build many registries may turn them off. */
  defaultMetrics?: boolean;
  /** Distinct `path` label values kept before the rest are folded into `other`. */
  maxPaths?: number;
  /**
   * Every kind of money movement the ledger knows (the domain's TRANSACTION_KINDS): each starts at 0 with
   * every status, so a dashboard sees 0 instead of no series before the first movement.
   */
  walletTransactionTypes?: readonly string[];
}

export const CACHE_LEVELS: readonly CacheLevel[] = ["l1", "l2"];
export const WALLET_TRANSACTION_STATUSES = ["completed", "failed"] as const;
const DEFAULT_WALLET_TRANSACTION_TYPES = ["credit", "transfer", "escrow_hold", "escrow_release", "refund"];

// From 1 ms: cached reads are sub-millisecond to a few ms, checkout is tens of ms, anything past 5 s is broken.
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Builds a fresh registry holding every CaribEX series. Nothing is registered on prom-client's global
 * registry, so two servers (or two tests) in one process do not collide.
 */
export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const requests = new Counter({
    name: "CaribEX_requests_total",
    help: "Finished requests by method, procedure and status.",
    labelNames: ["method", "path", "status"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "CaribEX_request_duration_seconds",
    help: "Request duration by method and procedure.",
    labelNames: ["method", "path"] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const hits = new Counter({
    name: "CaribEX_cache_hits_total",
    help: "Cache hits by level.",
    labelNames: ["level"] as const,
    registers,
  });
  const misses = new Counter({
    name: "CaribEX_cache_misses_total",
    help: "Cache misses by level.",
    labelNames: ["level"] as const,
    registers,
  });
  const walletTx = new Counter({
    name: "CaribEX_wallet_transactions_total",
    help: "Wallet money movements by type and outcome.",
    labelNames: ["type", "status"] as const,
    registers,
  });
  const dbQuery = new Histogram({
    name: "CaribEX_db_query_duration_seconds",
    help: "Database query duration.",
    labelNames: ["operation"] as const,
    buckets: DB_BUCKETS,
    registers,
  });

  // Known label sets exist from the start at 0, as Prometheus advises: rate() and alerts need a series to read.
  for (const level of CACHE_LEVELS) {
    hits.inc({ level }, 0);
    misses.inc({ level }, 0);
  }
  for (const type of opts.walletTransactionTypes ?? DEFAULT_WALLET_TRANSACTION_TYPES) {
    for (const status of WALLET_TRANSACTION_STATUSES) walletTx.inc({ type, status }, 0);
  }

  let readPool: (() => number) | undefined;
  let readL1: (() => number) | undefined;
  new Gauge({
    name: "CaribEX_db_pool_in_use",
    help: "Database pool connections in use.",
    registers,
    collect() {
      if (readPool) this.set(readPool());
    },
  });
  new Gauge({
    name: "CaribEX_cache_l1_size_bytes",
    help: "Approximate bytes held by the in-process cache.",
    registers,
    collect() {
      if (readL1) this.set(readL1());
    },
  });

  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  // Labels must stay bounded; a caller passing raw URLs by mistake would otherwise grow the registry forever.
  const maxPaths = opts.maxPaths ?? 500;
  const paths = new Set<string>();
  const boundedPath = (path: string) => {
    if (paths.has(path)) return path;
    if (paths.size >= maxPaths) return "other";
    paths.add(path);
    return path;
  };

  const cache = {
    hit: (level: CacheLevel) => hits.inc({ level }),
    miss: (level: CacheLevel) => misses.inc({ level }),
  };

  return {
    registry,
    contentType: registry.contentType,
    observeRequest(method, path, status, seconds) {
      const p = boundedPath(path);
      requests.inc({ method, path: p, status: String(status) });
      duration.observe({ method, path: p }, seconds);
    },
    cacheHit: cache.hit,
    cacheMiss: cache.miss,
    cache,
    walletTransaction: (type, status) => walletTx.inc({ type, status }),
    observeDbQuery: (seconds, operation = "query") => dbQuery.observe({ operation }, seconds),
    setDbPoolInUse(read) {
      readPool = read;
    },
    setCacheL1Size(read) {
      readL1 = read;
    },
    metricsText: () => registry.metrics(),
  };
}
