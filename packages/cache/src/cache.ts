import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { Breaker } from "./breaker";
import { jsonCodec, type Codec } from "./codec";

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
  /** How long a write waits for the other instances to confirm they evicted. Default 250 ms. */
  ackTimeoutMs?: number;
  /** L1 TTL while evictions from other instances cannot reach us (Redis down). Default 2000 ms. */
  degradedTtlMs?: number;
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
   * Waits until Redis is connected and the eviction subscription is active: true then, false after
   * `timeoutMs` (default 2000). Without L2, true at once. The cache works either way; this is for startup
   * ordering and tests.
   */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

type Kind = "v" | "r";
const KINDS: readonly Kind[] = ["v", "r"];
const SKIP = Symbol("skip");
const MAX_PENDING = 10_000;

interface Entry {
  value: unknown;
}

interface Flight {
  promise: Promise<unknown>;
  invalidated: boolean;
  generation: number;
}

interface EvictMessage {
  i: string;
  m: string;
  k: string[];
  f: string[];
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`redis call exceeded ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Two-level read-through cache.
 *
 * Correctness rules, in the order they matter:
 * - A write evicts after commit: exact keys are UNLINKed and family versions INCRed in Redis, the eviction is
 *   published, and the call waits until every subscribed instance confirms it dropped its L1 copies. Only
 *   then does it return, so a read anywhere after the write's response sees fresh data.
 * - A load that was running when an eviction for its key arrived still answers its own waiters but stores
 *   nothing, and later readers do not join it. Exact keys get a second UNLINK after the confirmations: an
 *   instance confirms on the same connection it stores on, so any stale SET it issued before evicting has
 *   reached Redis by then and is removed.
 * - Families are versioned: the L2 key embeds the family version kept in Redis (mirrored locally), and the L1
 *   key embeds a local epoch bumped on every eviction, so old pages become unreachable without SCAN.
 * - Redis trouble opens a breaker: reads go L1 → loader, L1 TTLs shrink, evictions that could not reach Redis
 *   are remembered. On recovery they are replayed and L1 is dropped before L2 is used again.
 */
export function createCache(opts: CacheOptions): Cache {
  const codec = opts.codec ?? jsonCodec;
  const ns = opts.namespace ?? "caribex";
  const instanceId = opts.instanceId ?? randomUUID();
  const channel = opts.channel ?? `${ns}:cache:evict`;
  const ackChannel = `${channel}:ack:${instanceId}`;
  const onError = opts.onError ?? (() => {});
  const metrics = opts.metrics;
  const trace = opts.trace;
  const timeoutMs = opts.l2.timeoutMs ?? 100;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 250;
  const degradedTtlMs = opts.degradedTtlMs ?? 2000;
  const l1TtlMs = opts.l1.ttlMs;

  const l1 = opts.l1.enabled
    ? new LRUCache<string, Entry>({ maxSize: opts.l1.maxBytes, ttl: l1TtlMs, ttlAutopurge: false })
    : undefined;
  const redis = opts.l2.enabled ? opts.l2.redis : undefined;
  const breaker = new Breaker(opts.l2.retryAfterMs ?? 1000);

  const inflight = new Map<string, Flight>();
  const epochs = new Map<string, number>();
  const mirrors = new Map<string, { version: string; epoch: number; expiresAt: number }>();
  const pendingKeys = new Set<string>();
  const pendingFamilies = new Set<string>();
  let pendingOverflow = false;
  const acks = new Map<string, { needed: number; got: number; done: () => void }>();
  let generation = 0;
  let attempts = 0;
  let failures = 0;
  let subscribed = false;
  let closed = false;
  let detach = () => {};

  // ---- Redis access ------------------------------------------------------------------------------------

  // Sends `op` straight away (no await before it, so commands keep call order on the connection) and gives
  // up after `timeoutMs`. A client that is not connected fails at once instead of queueing offline: queued
  // writes replayed after an outage could resurrect stale values.
  function exec<T>(op: (r: Redis) => Promise<T>): Promise<T> {
    if (!redis) return Promise.reject(new Error("L2 is disabled"));
    if (redis.status !== "ready") {
      if (redis.status === "wait") redis.connect().catch(() => {});
      return Promise.reject(new Error(`redis is ${redis.status}`));
    }
    attempts++;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
    });
    return Promise.race([op(redis), timeout]).finally(() => clearTimeout(timer));
  }

  // Breaker-guarded call: resolves to SKIP instead of rejecting, so callers fall back without a try/catch.
  function l2<T>(op: (r: Redis) => Promise<T>): Promise<T | typeof SKIP> {
    if (!redis || closed) return Promise.resolve(SKIP);
    const gate = breaker.check();
    if (gate === "skip") return Promise.resolve(SKIP);
    if (gate === "probe") {
      void probe();
      return Promise.resolve(SKIP);
    }
    return exec(op).catch((err: unknown) => {
      fail(err);
      return SKIP;
    });
  }

  function fail(err: unknown) {
    failures++;
    const wasOpen = breaker.isOpen;
    openBreaker();
    if (!wasOpen) onError(err);
  }

  // Recovery must not depend on traffic missing L1: pending evictions should be replayed as soon as Redis is
  // back, so a timer keeps probing while the breaker is open.
  let probeTimer: NodeJS.Timeout | undefined;
  function openBreaker() {
    breaker.open();
    if (probeTimer || closed) return;
    probeTimer = setTimeout(() => {
      probeTimer = undefined;
      if (closed || !breaker.isOpen) return;
      if (breaker.check() === "probe") void probe();
      else openBreaker();
    }, opts.l2.retryAfterMs ?? 1000);
    probeTimer.unref();
  }

  // Runs while the breaker is open and everyone else skips L2: evictions missed during the outage are
  // replayed and L1 is dropped before any read may use L2 again.
  async function probe() {
    const keys = [...pendingKeys];
    const families = [...pendingFamilies];
    const overflow = pendingOverflow;
    try {
      await exec((r) => r.ping());
      if (overflow) await unlinkNamespace();
      if (keys.length > 0 || families.length > 0) {
        await remoteEvict(keys, families);
        await broadcast(keys, families, true);
      }
      for (const k of keys) pendingKeys.delete(k);
      for (const f of families) pendingFamilies.delete(f);
      if (overflow) pendingOverflow = false;
      dropLocal();
      breaker.close();
    } catch {
      // Still down: stay open and try again later; the first failure was already reported.
      failures++;
      openBreaker();
    }
  }

  async function unlinkNamespace() {
    let cursor = "0";
    do {
      const [next, found] = await exec((r) => r.scan(cursor, "MATCH", `${ns}:[kf]:*`, "COUNT", 1000));
      cursor = next;
      if (found.length > 0) await exec((r) => r.unlink(...found));
    } while (cursor !== "0");
  }

  // Exact values, family values and family versions live in disjoint prefixes; braces keep a family name
  // containing ":" from colliding with another family's version segment.
  const l2Key = (kind: Kind, key: string) => `${ns}:k:${kind}:${key}`;
  const l2FamilyKey = (kind: Kind, family: string, version: string, key: string) =>
    `${ns}:f:${kind}:{${family}}:${version}:${key}`;
  const versionKey = (family: string) => `${ns}:ver:{${family}}`;

  function remoteEvict(keys: readonly string[], families: readonly string[]): Promise<unknown> {
    return exec((r) => {
      const tx = r.multi();
      if (keys.length > 0) tx.unlink(...keys.flatMap((k) => KINDS.map((kind) => l2Key(kind, k))));
      for (const f of families) tx.incr(versionKey(f));
      return tx.exec().then((res) => {
        const failed = res?.find(([e]) => e);
        if (!res || failed) throw failed?.[0] ?? new Error("eviction transaction aborted");
        return res;
      });
    });
  }

  // ---- local state ---------------------------------------------------------------------------------------

  const epochOf = (family: string) => epochs.get(family) ?? 0;
  const l1Key = (kind: Kind, family: string | undefined, epoch: number, key: string) =>
    family === undefined ? `${kind}\0${key}` : `${kind}\0${family}\0${epoch}\0${key}`;

  function evictLocal(keys: readonly string[], families: readonly string[]) {
    for (const key of keys) {
      for (const kind of KINDS) {
        const k = l1Key(kind, undefined, 0, key);
        l1?.delete(k);
        const flight = inflight.get(k);
        if (flight) {
          flight.invalidated = true;
          inflight.delete(k);
        }
      }
    }
    // A new epoch changes every L1 key (and flight key) of the family; old entries are left to LRU and TTL.
    for (const f of families) {
      epochs.set(f, epochOf(f) + 1);
      mirrors.delete(f);
    }
  }

  function dropLocal() {
    generation++;
    l1?.clear();
    mirrors.clear();
    inflight.clear();
  }

  // Without a working Redis, evictions from other instances cannot arrive, so L1 entries must die young.
  const degraded = () => redis !== undefined && (breaker.isOpen || !subscribed);

  function storeL1(key: string, value: unknown, bytes: number, ttlMs: number) {
    if (!l1) return;
    const ttl = degraded() ? Math.min(ttlMs, degradedTtlMs) : ttlMs;
    l1.set(key, { value }, { ttl, size: Math.max(1, bytes + key.length) });
  }

  async function familyVersion(family: string, epoch: number): Promise<string | undefined> {
    const m = mirrors.get(family);
    if (m && m.epoch === epoch && m.expiresAt > Date.now()) return m.version;
    const got = await l2((r) => r.get(versionKey(family)));
    if (got === SKIP) return undefined;
    const version = got ?? "0";
    if (epochOf(family) === epoch) mirrors.set(family, { version, epoch, expiresAt: Date.now() + l1TtlMs });
    return version;
  }

  // ---- reads ---------------------------------------------------------------------------------------------

  function read<T>(
    kind: Kind,
    family: string | undefined,
    key: string,
    loader: () => Promise<T>,
    options: GetOptions | undefined,
  ): Promise<T> {
    const epoch = family === undefined ? 0 : epochOf(family);
    const k = l1Key(kind, family, epoch, key);
    if (l1) {
      const hit = l1.get(k);
      if (hit !== undefined) {
        metrics?.hit("l1");
        const value = hit.value as T;
        return trace
          ? trace("cache.get", { "cache.key": key, "cache.level": "l1", "cache.hit": true }, () =>
              Promise.resolve(value),
            )
          : Promise.resolve(value);
      }
      metrics?.miss("l1");
    }
    const existing = inflight.get(k);
    if (existing) return existing.promise as Promise<T>;

    const flight: Flight = { promise: undefined as unknown as Promise<unknown>, invalidated: false, generation };
    const valid = () =>
      !flight.invalidated && flight.generation === generation && (family === undefined || epochOf(family) === epoch);
    const run = () => fill(kind, family, epoch, key, k, loader, options, valid);
    const promise = trace ? trace("cache.get", { "cache.key": key, "cache.level": "l1", "cache.hit": false }, run) : run();
    flight.promise = promise;
    inflight.set(k, flight);
    const cleanup = () => {
      if (inflight.get(k) === flight) inflight.delete(k);
    };
    promise.then(cleanup, cleanup);
    return promise;
  }

  async function fill<T>(
    kind: Kind,
    family: string | undefined,
    epoch: number,
    key: string,
    localKey: string,
    loader: () => Promise<T>,
    options: GetOptions | undefined,
    valid: () => boolean,
  ): Promise<T> {
    const ttlMs = options?.ttlMs ?? l1TtlMs;
    const ttlSeconds =
      options?.l2TtlSeconds ??
      (options?.ttlMs !== undefined ? Math.max(1, Math.ceil(options.ttlMs / 1000)) : opts.l2.ttlSeconds);

    let remoteKey: string | undefined;
    if (redis) {
      if (family === undefined) remoteKey = l2Key(kind, key);
      else {
        const version = await familyVersion(family, epoch);
        if (version !== undefined) remoteKey = l2FamilyKey(kind, family, version, key);
      }
    }

    if (remoteKey !== undefined) {
      const rk = remoteKey;
      const get = () => l2((r) => r.get(rk));
      const raw = await (trace ? trace("cache.l2.get", { "cache.key": key, "cache.level": "l2" }, get) : get());
      if (typeof raw === "string") {
        try {
          const value = (kind === "r" ? raw : codec.decode(raw)) as T;
          metrics?.hit("l2");
          if (valid()) storeL1(localKey, value, raw.length, ttlMs);
          return value;
        } catch (err) {
          onError(err);
        }
      }
      if (raw !== SKIP) metrics?.miss("l2");
    }

    const value = await (trace ? trace("cache.load", { "cache.key": key }, loader) : loader());
    if (!valid()) return value;
    let encoded: string;
    try {
      encoded = kind === "r" ? (value as string) : codec.encode(value);
    } catch (err) {
      onError(err);
      return value;
    }
    // Issued synchronously right after the validity check: see the ordering argument in the doc comment.
    if (remoteKey !== undefined) void l2((r) => r.set(remoteKey as string, encoded, "EX", ttlSeconds));
    storeL1(localKey, value, encoded.length, ttlMs);
    return value;
  }

  // ---- evictions -----------------------------------------------------------------------------------------

  function remember(keys: readonly string[], families: readonly string[]) {
    for (const k of keys) pendingKeys.add(k);
    for (const f of families) pendingFamilies.add(f);
    if (pendingKeys.size + pendingFamilies.size > MAX_PENDING) {
      pendingKeys.clear();
      pendingOverflow = true;
    }
  }

  // Publishes and waits for every subscriber (ourselves included) to confirm. Throws only when `strict`.
  async function broadcast(keys: readonly string[], families: readonly string[], strict = false) {
    const id = randomUUID();
    let done!: () => void;
    const confirmed = new Promise<void>((resolve) => (done = resolve));
    const waiter = { needed: Number.POSITIVE_INFINITY, got: 0, done };
    acks.set(id, waiter);
    try {
      const message: EvictMessage = { i: instanceId, m: id, k: [...keys], f: [...families] };
      let receivers: number;
      try {
        receivers = await exec((r) => r.publish(channel, JSON.stringify(message)));
      } catch (err) {
        if (strict) throw err;
        fail(err);
        remember(keys, families);
        return;
      }
      waiter.needed = receivers;
      if (waiter.got >= receivers) return;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        confirmed.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ackTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        onError(new Error(`cache eviction confirmed by ${waiter.got} of ${receivers} instances`));
      }
    } finally {
      acks.delete(id);
    }
  }

  async function invalidate(target: { keys?: readonly string[]; families?: readonly string[] }) {
    const keys = [...new Set(target.keys ?? [])];
    const families = [...new Set(target.families ?? [])];
    if (keys.length === 0 && families.length === 0) return;
    evictLocal(keys, families);
    if (!redis || closed) return;
    if (breaker.isOpen) {
      remember(keys, families);
      return;
    }
    try {
      await remoteEvict(keys, families);
    } catch (err) {
      fail(err);
      remember(keys, families);
      return;
    }
    await broadcast(keys, families);
    if (keys.length > 0) {
      await l2((r) => r.unlink(...keys.flatMap((k) => KINDS.map((kind) => l2Key(kind, k)))));
    }
  }

  // ---- subscription --------------------------------------------------------------------------------------

  let sub: Redis | undefined;
  let subscription: Promise<void> = Promise.resolve();
  if (redis) {
    // A client that (re)connects is worth probing at once rather than at the next timer tick.
    const onMainReady = () => {
      if (!closed && breaker.probeNow()) void probe();
    };
    redis.on("ready", onMainReady);
    detach = () => redis.off("ready", onMainReady);

    sub = redis.duplicate();
    let readies = 0;
    sub.on("error", (err: unknown) => {
      if (!breaker.isOpen) onError(err);
    });
    sub.on("close", () => {
      subscribed = false;
    });
    sub.on("ready", () => {
      readies++;
      // ioredis resubscribes by itself after a reconnect; messages sent meanwhile are lost, so drop L1.
      if (readies > 1) {
        subscribed = true;
        dropLocal();
      }
    });
    sub.on("message", (ch: string, payload: string) => {
      if (ch === ackChannel) {
        const waiter = acks.get(payload);
        if (waiter && ++waiter.got >= waiter.needed) waiter.done();
        return;
      }
      if (ch !== channel) return;
      let msg: EvictMessage;
      try {
        msg = JSON.parse(payload) as EvictMessage;
      } catch (err) {
        onError(err);
        return;
      }
      if (msg.i === instanceId) {
        const waiter = acks.get(msg.m);
        if (waiter && ++waiter.got >= waiter.needed) waiter.done();
        return;
      }
      evictLocal(msg.k ?? [], msg.f ?? []);
      // Confirm on the main connection, after any SET this instance already issued there.
      if (redis.status === "ready") {
        redis.publish(`${channel}:ack:${msg.i}`, msg.m).catch(() => {});
      }
    });
    subscription = sub.subscribe(channel, ackChannel).then(
      () => {
        subscribed = true;
      },
      (err: unknown) => onError(err),
    );
  }

  return {
    get: (key, loader, o) => read("v", undefined, key, loader, o),
    getInFamily: (family, key, loader, o) => read("v", family, key, loader, o),
    getRaw: (key, loader, o) => read("r", undefined, key, loader, o),
    getRawInFamily: (family, key, loader, o) => read("r", family, key, loader, o),
    evict: (...keys) => invalidate({ keys }),
    evictFamily: (...families) => invalidate({ families }),
    invalidate,
    size: () => l1?.calculatedSize ?? 0,
    stats: () => ({
      l1Entries: l1?.size ?? 0,
      l1Bytes: l1?.calculatedSize ?? 0,
      l2: redis ? (breaker.isOpen ? "open" : "closed") : "disabled",
      l2Attempts: attempts,
      l2Failures: failures,
      subscribed,
      pendingEvictions: pendingKeys.size + pendingFamilies.size + (pendingOverflow ? 1 : 0),
    }),
    async ready(timeoutMs = 2000) {
      if (!redis) return true;
      const connected =
        redis.status === "ready" ? Promise.resolve() : new Promise<void>((r) => redis.once("ready", () => r()));
      let timer: NodeJS.Timeout | undefined;
      const ok = await Promise.race([
        Promise.all([connected, subscription]).then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      return ok && subscribed;
    },
    async close() {
      closed = true;
      subscribed = false;
      clearTimeout(probeTimer);
      detach();
      for (const waiter of acks.values()) waiter.done();
      l1?.clear();
      if (sub) {
        sub.removeAllListeners("ready");
        sub.disconnect();
      }
    },
  };
}
