import type { Redis } from "ioredis";
import superjson from "superjson";
import { createCache, type Cache, type CacheOptions } from "@caribex/cache";
import type { Env } from "@caribex/config";
import { tracingEnabled, withSpan, type Logger, type Metrics } from "@caribex/observability";

type EvictionListener = NonNullable<CacheOptions["onEvict"]>;

export interface Caches {
  /** The read cache the use cases (and cached responses) share. */
  cache: Cache;
  /** Where session lookups are cached: the read cache itself, unless that one hears nothing from other instances. */
  sessionCache: Cache;
  /** Who hears about evictions; bound once the stream registry exists. */
  onEvict(listener: EvictionListener): void;
  close(): Promise<void>;
}

export function createCaches(opts: { config: Env; redis?: Redis; namespace: string; metrics: Metrics; logger: Logger }): Caches {
  const { config, redis, namespace, metrics, logger } = opts;
  let onCacheEvict: EvictionListener = () => {};
  const cache = createCache({
    l1: { enabled: config.CACHE_L1_ENABLED, maxBytes: config.CACHE_L1_MAX_BYTES, ttlMs: config.CACHE_L1_TTL_SECONDS * 1000 },
    l2: { enabled: config.CACHE_L2_ENABLED && !!redis, ...(redis ? { redis } : {}), ttlSeconds: config.CACHE_L2_TTL_SECONDS },
    namespace,
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
    redis && !config.CACHE_L2_ENABLED
      ? createCache({
          l1: { enabled: true, maxBytes: 16 * 1024 * 1024, ttlMs: Math.max(1, config.SESSION_CACHE_TTL_MS) },
          l2: { enabled: true, redis, ttlSeconds: Math.max(1, Math.ceil(config.SESSION_CACHE_TTL_MS / 1000)) },
          namespace: `${namespace}:sessions`,
          codec: { encode: (v) => superjson.stringify(v), decode: (s) => superjson.parse(s) },
          onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "session cache degraded"),
          onEvict: (evicted) => onCacheEvict(evicted),
        })
      : cache;
  return {
    cache,
    sessionCache,
    onEvict(listener) {
      onCacheEvict = listener;
    },
    async close() {
      await cache.close().catch(() => {});
      if (sessionCache !== cache) await sessionCache.close().catch(() => {});
    },
  };
}
