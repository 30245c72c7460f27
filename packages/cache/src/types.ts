import type { Redis } from "ioredis";
import type { CacheClock } from "./clock";
import type { Codec } from "./codec";

export type CacheLevel = "l1" | "l2";

export interface CacheMetrics {
  hit(level: CacheLevel): void;
  miss(level: CacheLevel): void;
}

export type TraceFn = <T>(name: string, attributes: Record<string, unknown>, fn: () => Promise<T>) => Promise<T>;

export interface CacheOptions {
  l1: { enabled: boolean; maxBytes: number; ttlMs: number };
  l2: {
    enabled: boolean;
    /** Shared client; the cache never closes it. A duplicate() of it carries the eviction subscription. */
    redis?: Redis;
    ttlSeconds: number;
    /** Longest wait for any single Redis call before treating Redis as down. Default 100 ms. */
    timeoutMs?: number;
    /** How long Redis is left alone after a failure before one probe. Default 1000 ms. */
    retryAfterMs?: number;
  };
  codec?: Codec;
  metrics?: CacheMetrics;
  /** Prefix of every Redis key and of the eviction channel. Default "caribex". */
  namespace?: string;
  instanceId?: string;
  onError?: (err: unknown) => void;
  trace?: TraceFn;
  /** Eviction channel; default `<namespace>:cache:evict`. */
  channel?: string;
  /**
   * How long a write waits for the other instances to confirm they evicted. An instance that has not confirmed
   * by then is waited out instead: the write returns only once that instance's sync lease has run out.
   * Default 250 ms.
   */
  ackTimeoutMs?: number;
  /**
   * How long one confirmed heartbeat lets this instance answer from L1 (and trust its family version mirror).
   * A heartbeat is a message this instance publishes to itself; getting it back proves every eviction
   * published before it has been applied here. Heartbeats go out every syncLeaseMs / 5. Default 1000 ms.
   */
  syncLeaseMs?: number;
  /** Longest wait for Redis to answer an eviction (which is on the write path). Default 1000 ms. */
  evictTimeoutMs?: number;
  /** Clock for leases, TTLs, timeouts and retries; the process clock unless a test passes its own. */
  clock?: CacheClock;
  /**
   * Told of every eviction applied on this instance, whether this instance or another one made it; "all" when
   * L1 was dropped because evictions may have been missed (after a reconnect or a lapsed lease). Lets state
   * outside the cache (live streams of an ended session) follow the same broadcast.
   */
  onEvict?: (evicted: { keys: readonly string[]; families: readonly string[] } | "all") => void;
}

export interface GetOptions {
  /** L1 TTL for this entry, and the L2 TTL too unless `l2TtlSeconds` is given. */
  ttlMs?: number;
  l2TtlSeconds?: number;
}

export interface CacheStats {
  l1Entries: number;
  l1Bytes: number;
  l2: "disabled" | "closed" | "open";
  /** Redis commands actually sent (reads, writes, probes); skipped calls are not counted. */
  l2Attempts: number;
  l2Failures: number;
  subscribed: boolean;
  /** True while a recent heartbeat proves this instance has applied every eviction: only then is L1 used. */
  synced: boolean;
  pendingEvictions: number;
}

export interface Cache {
  /** Read-through L1 → L2 → loader. Concurrent misses for one key share one loader call. */
  get<T>(key: string, loader: () => Promise<T>, opts?: GetOptions): Promise<T>;
  /** Like get, for a key that belongs to a family evicted as a whole by `evictFamily(family)`. */
  getInFamily<T>(family: string, key: string, loader: () => Promise<T>, opts?: GetOptions): Promise<T>;
  /** Caches a ready-made string (e.g. a serialized HTTP response body) without the codec. */
  getRaw(key: string, loader: () => Promise<string>, opts?: GetOptions): Promise<string>;
  getRawInFamily(family: string, key: string, loader: () => Promise<string>, opts?: GetOptions): Promise<string>;
  /** Evicts exact keys (value and raw variants) here, in Redis, and on every other instance. */
  evict(...keys: string[]): Promise<void>;
  evictFamily(...families: string[]): Promise<void>;
  /** Keys and families in one broadcast; call after the write commits and before responding. */
  invalidate(target: { keys?: readonly string[]; families?: readonly string[] }): Promise<void>;
  /** Approximate bytes held in L1. */
  size(): number;
  stats(): CacheStats;
  /**
   * Waits until Redis is connected, the eviction subscription is active and a first heartbeat came back (L1 is
   * in use): true then, false after `timeoutMs` (default 2000). Without L2, true at once. The cache works either way; this is for startup
   * ordering and tests.
   */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}
