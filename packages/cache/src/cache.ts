import { randomUUID } from "node:crypto";
import { systemClock } from "./clock";
import { jsonCodec } from "./codec";
import { createCoherence } from "./coherence";
import { createL1 } from "./l1";
import { createL2 } from "./l2";
import { createReadThrough } from "./read-through";
import type { Cache, CacheOptions } from "./types";

export type { Cache, CacheLevel, CacheMetrics, CacheOptions, CacheStats, GetOptions, TraceFn } from "./types";

/**
 * Two-level read-through cache.
 *
 * The promise: a read that starts on any instance after a write's response was received sees the write. It
 * must hold when an instance is slow, its subscriber connection drops or Redis goes away, so it never rests
 * on a timeout alone:
 * - L1 (and the local mirror of family versions) is used only while this instance is "synced": it published a
 *   heartbeat to its own channel less than `syncLeaseMs` ago and already got it back. Pub/sub delivers in
 *   order on one connection, so by then every eviction published before that heartbeat has been applied
 *   here. Otherwise reads skip L1 and do not join loads already running; the check is one clock read.
 * - A write evicts after commit in one Redis script: exact keys are UNLINKed and their generation bumped,
 *   family versions are INCRed, the eviction is published, and the script returns the instances that sent a
 *   heartbeat recently. The write waits for each of them to confirm. One that does not confirm within
 *   `ackTimeoutMs` is waited out: `syncLeaseMs` after the publish its lease has run out unless it applied the
 *   eviction first. An instance missing from that list had no heartbeat for so long that its lease is over,
 *   and it can only renew after its subscriber is back, which drops its L1.
 * - A subscriber reconnect, or a lease that ran out, drops L1 before it is used again: messages may have
 *   been lost in between.
 * - L2 cannot be overwritten with stale data: an exact value is stored only if its generation is unchanged
 *   since the load began; a family value is stored under the family version read before the load.
 * - A load that was running when an eviction for its key arrived still answers its own waiters but stores
 *   nothing, and later readers do not join it.
 * - Redis trouble opens a breaker that keeps reads off L2 (L1 stays in use while heartbeats come back).
 *   Evictions are still attempted; those that cannot reach Redis are remembered and replayed on recovery,
 *   and the write waits until every other instance, cut off by the same outage, has stopped trusting its L1.
 */
export function createCache(opts: CacheOptions): Cache {
  const ns = opts.namespace ?? "caribex";
  const instanceId = opts.instanceId ?? randomUUID();
  const onError = opts.onError ?? (() => {});
  const clock = opts.clock ?? systemClock;
  const leaseMs = opts.syncLeaseMs ?? 1000;
  // Pub/sub ignores the database number; without it, servers on other databases of one Redis would receive
  // (and slow down) each other's evictions.
  const db = opts.l2.redis?.options.db ?? 0;
  const redis = opts.l2.enabled ? opts.l2.redis : undefined;
  let closed = false;

  const l1 = createL1(opts.l1, clock);
  const l2 = createL2({
    redis,
    namespace: ns,
    timeoutMs: opts.l2.timeoutMs ?? 100,
    retryAfterMs: opts.l2.retryAfterMs ?? 1000,
    clock,
    onError,
  });

  function notifyEvicted(evicted: Parameters<NonNullable<CacheOptions["onEvict"]>>[0]) {
    try {
      opts.onEvict?.(evicted);
    } catch (err) {
      onError(err);
    }
  }

  // `notify` is false for this instance's own writes: they tell the listener once Redis has changed too, so
  // what it reads in response cannot be the old value.
  function evictLocal(keys: readonly string[], families: readonly string[], notify = true) {
    reads.invalidateLoads(l1.evictKeys(keys));
    l1.evictFamilies(families);
    if (notify) notifyEvicted({ keys, families });
  }

  const coherence = createCoherence({
    l2,
    instanceId,
    channel: opts.channel ?? `${ns}:cache:evict:${db}`,
    leaseMs,
    ackTimeoutMs: opts.ackTimeoutMs ?? 250,
    evictTimeoutMs: opts.evictTimeoutMs ?? 1000,
    // A generation must outlive any load that read it; it says nothing once the value itself has expired.
    generationTtlMs: Math.max(opts.l2.ttlSeconds * 1000, 3_600_000),
    clock,
    onError,
    local: {
      applyRemote: (keys, families) => evictLocal(keys, families),
      dropAll() {
        reads.invalidateAllLoads();
        l1.clear();
        notifyEvicted("all");
      },
    },
  });

  const reads = createReadThrough({
    l1,
    l2,
    isSynced: coherence.isSynced,
    codec: opts.codec ?? jsonCodec,
    l1TtlMs: opts.l1.ttlMs,
    l2TtlSeconds: opts.l2.ttlSeconds,
    metrics: opts.metrics,
    trace: opts.trace,
    onError,
  });

  async function invalidate(target: { keys?: readonly string[]; families?: readonly string[] }) {
    const keys = [...new Set(target.keys ?? [])];
    const families = [...new Set(target.families ?? [])];
    if (keys.length === 0 && families.length === 0) return;
    evictLocal(keys, families, false);
    try {
      if (redis && !closed) await coherence.broadcast(keys, families);
    } finally {
      notifyEvicted({ keys, families });
    }
  }

  return {
    get: (key, loader, o) => reads.read("v", undefined, key, loader, o),
    getInFamily: (family, key, loader, o) => reads.read("v", family, key, loader, o),
    getRaw: (key, loader, o) => reads.read("r", undefined, key, loader, o),
    getRawInFamily: (family, key, loader, o) => reads.read("r", family, key, loader, o),
    evict: (...keys) => invalidate({ keys }),
    evictFamily: (...families) => invalidate({ families }),
    invalidate,
    size: () => l1.bytes(),
    stats: () => ({
      l1Entries: l1.entries(),
      l1Bytes: l1.bytes(),
      l2: redis ? (l2.breaker.isOpen ? "open" : "closed") : "disabled",
      l2Attempts: l2.stats().attempts,
      l2Failures: l2.stats().failures,
      subscribed: coherence.subscribed(),
      synced: coherence.isSynced(),
      pendingEvictions: coherence.pendingEvictions(),
    }),
    ready: (timeoutMs = 2000) => coherence.ready(timeoutMs),
    async close() {
      closed = true;
      coherence.close();
      l1.clear();
    },
  };
}
