/**
 * @caribex/cache: two-level read-through cache (L1 in-process LRU bounded by bytes, L2 Redis) with
 * single-flight loads, family invalidation and cross-instance L1 eviction.
 *
 *   const cache = createCache({
 *     l1: { enabled: cfg.CACHE_L1_ENABLED, maxBytes: cfg.CACHE_L1_MAX_BYTES, ttlMs: cfg.CACHE_L1_TTL_SECONDS * 1000 },
 *     l2: { enabled: cfg.CACHE_L2_ENABLED, redis, ttlSeconds: cfg.CACHE_L2_TTL_SECONDS },  // redis may be undefined
 *     codec: { encode: (v) => superjson.stringify(v), decode: (s) => superjson.parse(s) },  // default: JSON + bigint/Date
 *     metrics: metrics.cache,        // from @caribex/observability
 *     trace: withSpan,               // optional; pass only when tracing is on to keep L1 hits allocation-free
 *     onError: (err) => log.warn({ err }, "cache degraded"),
 *   });
 *   await cache.ready();             // eviction subscription active
 *
 * Reads
 *   cache.get(`product:${id}`, () => repo.findById(id))
 *   cache.getInFamily("products", `list:${stableFilterKey}`, () => repo.list(filter))
 *   cache.getRaw(key, async () => JSON.stringify(body))            // cached response bytes, no codec
 *   cache.getRawInFamily("products", `resp:product.list:${input}`, ...)
 *   Values come back shared between callers: treat them as immutable. Loader errors are never cached.
 *
 * Writes: after the transaction commits and BEFORE responding, await one of
 *   cache.evict(`product:${id}`)                                    // value and raw variants of exact keys
 *   cache.evictFamily("products")                                   // every page of the family
 *   cache.invalidate({ keys: [`product:${id}`], families: ["products"] })   // both, one broadcast
 * It resolves once every other live instance has confirmed dropping its L1 copies, or, for one that did not
 * confirm within ackTimeoutMs, once its sync lease (syncLeaseMs) has run out. A read that starts anywhere after
 * that sees the write: an instance answers from L1 only while its own heartbeat, sent less than syncLeaseMs
 * ago, has come back through its eviction subscription.
 *
 * Redis down: heartbeats stop, so reads go straight to the loader (breaker; one probe per second); evictions
 * are remembered and replayed on recovery, and L1 is dropped before it is used again.
 *
 * Other: cache.size() (approximate L1 bytes, for CaribEX_cache_l1_size_bytes), cache.stats(), cache.close()
 * (closes the subscriber connection, never the client passed in).
 */
export {
  createCache,
  type Cache,
  type CacheOptions,
  type CacheMetrics,
  type CacheLevel,
  type CacheStats,
  type GetOptions,
  type TraceFn,
} from "./cache";
export { type CacheClock } from "./clock";
export { jsonCodec, type Codec } from "./codec";
