import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { Breaker } from "./breaker";
import { systemClock, type CacheClock } from "./clock";
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

type Kind = "v" | "r";
const KINDS: readonly Kind[] = ["v", "r"];
const SKIP = Symbol("skip");
const MAX_PENDING = 10_000;
const CLOCK_MARGIN_MS = 50;

interface Entry {
  value: unknown;
}

interface Wave {
  promise: Promise<unknown>;
  started: boolean;
}

interface Flight {
  promise: Promise<unknown>;
  invalidated: boolean;
  generation: number;
}

// Registers this instance as live (Redis clock) and sends a heartbeat to its own ack channel. Both happen
// atomically, so a heartbeat that comes back proves the registration too.
const HEARTBEAT_SCRIPT = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

// KEYS: members, then value keys to unlink, generation keys to bump, family version keys to bump.
// ARGV: counts of those three groups, generation TTL (ms), member window (ms), channel, message.
// Returns the Redis time, then each instance that sent a heartbeat within the window (the ones whose
// confirmation the writer needs) followed by the time of its last heartbeat.
const EVICT_SCRIPT = `
local nv, ng, nf = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local i = 2
for _ = 1, nv do redis.call('UNLINK', KEYS[i]); i = i + 1 end
for _ = 1, ng do redis.call('INCR', KEYS[i]); redis.call('PEXPIRE', KEYS[i], ARGV[4]); i = i + 1 end
for _ = 1, nf do redis.call('INCR', KEYS[i]); i = i + 1 end
redis.call('PUBLISH', ARGV[6], ARGV[7])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 30 * window)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], now - window, '+inf', 'WITHSCORES')
table.insert(live, 1, tostring(now))
return live`;

// Stores a loaded value only if no write bumped the key's generation since the load began, so a slow
// instance can never put back a value that a write already evicted.
const SET_IF_GENERATION_SCRIPT = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`;

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
  const codec = opts.codec ?? jsonCodec;
  const ns = opts.namespace ?? "caribex";
  const instanceId = opts.instanceId ?? randomUUID();
  // Pub/sub ignores the database number; without it, servers on other databases of one Redis would receive
  // (and slow down) each other's evictions.
  const db = opts.l2.redis?.options.db ?? 0;
  const channel = opts.channel ?? `${ns}:cache:evict:${db}`;
  const ackChannelOf = (id: string) => `${channel}:ack:${id}`;
  const ackChannel = ackChannelOf(instanceId);
  const membersKey = `${channel}:members`;
  const onError = opts.onError ?? (() => {});
  const metrics = opts.metrics;
  const trace = opts.trace;
  const timeoutMs = opts.l2.timeoutMs ?? 100;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 250;
  const leaseMs = opts.syncLeaseMs ?? 1000;
  const evictTimeoutMs = opts.evictTimeoutMs ?? 1000;
  // Registration uses the Redis clock and leases the local one: the window is wider than the lease so small
  // differences between the two clocks only ever make a writer wait for one instance too many.
  const memberWindowMs = leaseMs * 2;
  // A generation must outlive any load that read it; it says nothing once the value itself has expired.
  const generationTtlMs = Math.max(opts.l2.ttlSeconds * 1000, 3_600_000);
  const l1TtlMs = opts.l1.ttlMs;
  const clock = opts.clock ?? systemClock;
  const now = () => clock.now();

  // TTLs follow the cache's clock; it is read on every check (ttlResolution 0) so an entry expires exactly then.
  const l1 = opts.l1.enabled
    ? new LRUCache<string, Entry>({ maxSize: opts.l1.maxBytes, ttl: l1TtlMs, ttlAutopurge: false, ttlResolution: 0, perf: clock })
    : undefined;
  const redis = opts.l2.enabled ? opts.l2.redis : undefined;
  const breaker = new Breaker(opts.l2.retryAfterMs ?? 1000, now);

  const inflight = new Map<string, Flight>();
  /** Coalesced loads of readers that cannot trust in-flight loads (see read()). */
  const waves = new Map<string, Wave>();
  const epochs = new Map<string, number>();
  const mirrors = new Map<string, { version: string; epoch: number; expiresAt: number }>();
  const pendingKeys = new Set<string>();
  const pendingFamilies = new Set<string>();
  let pendingOverflow = false;
  const acks = new Map<string, Set<string>>();
  let ackArrived = () => {};
  let generation = 0;
  let attempts = 0;
  let failures = 0;
  let subscribed = false;
  let closed = false;
  let detach = () => {};

  // Sync lease, on the monotonic clock. Without Redis there is no other instance to hear from.
  let syncedUntil = redis ? 0 : Number.POSITIVE_INFINITY;
  let mustDrop = false;
  let outageSince: number | undefined;
  const isSynced = () => now() < syncedUntil;

  // ---- Redis access ------------------------------------------------------------------------------------

  // Sends `op` straight away (no await before it, so commands keep call order on the connection) and gives
  // up after `ms`. A client that is not connected fails at once instead of queueing offline: queued writes
  // replayed after an outage could resurrect stale values.
  function send<T>(op: (r: Redis) => Promise<T>, ms = timeoutMs): Promise<T> {
    if (!redis) return Promise.reject(new Error("L2 is disabled"));
    if (redis.status !== "ready") {
      if (redis.status === "wait") redis.connect().catch(() => {});
      outageSince ??= now();
      return Promise.reject(new Error(`redis is ${redis.status}`));
    }
    let cancel = () => {};
    const timeout = new Promise<never>((_, reject) => {
      cancel = clock.setTimer(ms, () => reject(new TimeoutError(ms)));
    });
    return Promise.race([op(redis), timeout]).then(
      (v) => {
        outageSince = undefined;
        return v;
      },
      (err: unknown) => {
        outageSince ??= now();
        throw err;
      },
    ).finally(() => cancel());
  }

  function exec<T>(op: (r: Redis) => Promise<T>, ms = timeoutMs): Promise<T> {
    if (redis?.status === "ready") attempts++;
    return send(op, ms);
  }

  // Breaker-guarded call: resolves to SKIP instead of rejecting, so callers fall back without a try/catch.
  function l2<T>(op: (r: Redis) => Promise<T>): Promise<T | typeof SKIP> {
    if (!redis || closed) return Promise.resolve(SKIP);
    if (breaker.isOpen) {
      probe();
      return Promise.resolve(SKIP);
    }
    return breaker.run(() => exec(op)).catch((err: unknown) => {
      if (!Breaker.isSkipped(err)) failures++;
      return SKIP;
    });
  }

  // The first failure of an outage is reported; the failed probes after it are not.
  let outageReported = false;
  breaker.onBreak((err) => {
    if (!outageReported) {
      outageReported = true;
      onError(err);
    }
    scheduleProbe();
  });
  breaker.onReset(() => {
    outageReported = false;
  });

  // Recovery must not depend on traffic: pending evictions should be replayed as soon as Redis is back, so a
  // timer keeps probing while the breaker is open.
  let cancelProbe: (() => void) | undefined;
  function scheduleProbe() {
    if (cancelProbe || closed) return;
    cancelProbe = clock.setTimer(
      opts.l2.retryAfterMs ?? 1000,
      () => {
        cancelProbe = undefined;
        if (closed || !breaker.isOpen) return;
        // Not started: the breaker reopened after this timer was set (a failed early probe); wait its period out.
        if (!probe()) scheduleProbe();
      },
      { background: true },
    );
  }

  /** Starts the recovery probe if it is time for one; true when it started. */
  function probe(opts: { reconnected?: boolean } = {}): boolean {
    const running = breaker.probe(recover, opts);
    // Still down: the breaker stays open and tries again later; the first failure was already reported.
    running?.catch(() => {
      failures++;
    });
    return running !== undefined;
  }

  // Runs while the breaker is open and everyone else skips L2: evictions missed during the outage are
  // replayed and L1 is dropped before any read may use L2 again. Resolving closes the breaker.
  async function recover() {
    const keys = [...pendingKeys];
    const families = [...pendingFamilies];
    const overflow = pendingOverflow;
    await exec((r) => r.ping());
    if (overflow) await unlinkNamespace();
    if (keys.length > 0 || families.length > 0) await publishEviction(keys, families);
    for (const k of keys) pendingKeys.delete(k);
    for (const f of families) pendingFamilies.delete(f);
    if (overflow) pendingOverflow = false;
    dropLocal();
  }

  async function unlinkNamespace() {
    let cursor = "0";
    do {
      const [next, found] = await exec((r) => r.scan(cursor, "MATCH", `${ns}:[kf]:*`, "COUNT", 1000));
      cursor = next;
      if (found.length > 0) await exec((r) => r.unlink(...found));
    } while (cursor !== "0");
  }

  // Exact values, their generations, family values and family versions live in disjoint prefixes; braces keep
  // a family name containing ":" from colliding with another family's version segment.
  const l2Key = (kind: Kind, key: string) => `${ns}:k:${kind}:${key}`;
  const generationKey = (key: string) => `${ns}:g:${key}`;
  const l2FamilyKey = (kind: Kind, family: string, version: string, key: string) =>
    `${ns}:f:${kind}:{${family}}:${version}:${key}`;
  const versionKey = (family: string) => `${ns}:ver:{${family}}`;

  // ---- local state ---------------------------------------------------------------------------------------

  const epochOf = (family: string) => epochs.get(family) ?? 0;
  const l1Key = (kind: Kind, family: string | undefined, epoch: number, key: string) =>
    family === undefined ? `${kind}\0${key}` : `${kind}\0${family}\0${epoch}\0${key}`;

  // `notify` is false for this instance's own writes: they tell the listener once Redis has changed too, so
  // what it reads in response cannot be the old value.
  function evictLocal(keys: readonly string[], families: readonly string[], notify = true) {
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
    if (notify) notifyEvicted({ keys, families });
  }

  function dropLocal() {
    generation++;
    l1?.clear();
    mirrors.clear();
    inflight.clear();
    notifyEvicted("all");
  }

  function notifyEvicted(evicted: Parameters<NonNullable<CacheOptions["onEvict"]>>[0]) {
    try {
      opts.onEvict?.(evicted);
    } catch (err) {
      onError(err);
    }
  }

  function storeL1(key: string, value: unknown, bytes: number, ttlMs: number) {
    l1?.set(key, { value }, { ttl: ttlMs, size: Math.max(1, bytes + key.length) });
  }

  async function familyVersion(family: string, epoch: number, synced: boolean): Promise<string | undefined> {
    const m = synced ? mirrors.get(family) : undefined;
    if (m && m.epoch === epoch && m.expiresAt > now()) return m.version;
    const got = await l2((r) => r.get(versionKey(family)));
    if (got === SKIP) return undefined;
    const version = got ?? "0";
    if (epochOf(family) === epoch) mirrors.set(family, { version, epoch, expiresAt: now() + l1TtlMs });
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
    const synced = now() < syncedUntil;
    if (l1) {
      const hit = synced ? l1.get(k) : undefined;
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
    if (synced) {
      const existing = inflight.get(k);
      if (existing) return existing.promise as Promise<T>;
      return startFlight();
    }
    // Unsynced, a running load may predate a write whose eviction has not reached us, so it cannot be joined.
    // Readers still coalesce: they gather in a wave that starts its one load only after the previous wave's load
    // has finished, so every load begins after all of its readers arrived and cannot predate their writes.
    const pending = waves.get(k);
    if (pending && !pending.started) return pending.promise as Promise<T>;
    const wave: Wave = { promise: undefined as unknown as Promise<unknown>, started: false };
    wave.promise = (async () => {
      if (pending) await pending.promise.catch(() => undefined);
      else await Promise.resolve();
      wave.started = true;
      return startFlight();
    })();
    waves.set(k, wave);
    const forget = () => {
      if (waves.get(k) === wave) waves.delete(k);
    };
    wave.promise.then(forget, forget);
    return wave.promise as Promise<T>;

    function startFlight(): Promise<T> {
      const flight: Flight = { promise: undefined as unknown as Promise<unknown>, invalidated: false, generation };
      const valid = () =>
        !flight.invalidated && flight.generation === generation && (family === undefined || epochOf(family) === epoch);
      const run = () => fill(kind, family, epoch, key, k, loader, options, valid, synced);
      const promise = trace ? trace("cache.get", { "cache.key": key, "cache.level": "l1", "cache.hit": false }, run) : run();
      flight.promise = promise;
      inflight.set(k, flight);
      const cleanup = () => {
        if (inflight.get(k) === flight) inflight.delete(k);
      };
      promise.then(cleanup, cleanup);
      return promise;
    }
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
    synced: boolean,
  ): Promise<T> {
    const ttlMs = options?.ttlMs ?? l1TtlMs;
    const ttlSeconds =
      options?.l2TtlSeconds ??
      (options?.ttlMs !== undefined ? Math.max(1, Math.ceil(options.ttlMs / 1000)) : opts.l2.ttlSeconds);

    // Where a loaded value may be stored in L2: a family key under the version read now, or an exact key
    // guarded by the generation read now.
    let store: ((encoded: string) => void) | undefined;
    let raw: string | null | typeof SKIP = SKIP;
    if (redis) {
      const lookup = async (): Promise<string | null | typeof SKIP> => {
        if (family !== undefined) {
          const version = await familyVersion(family, epoch, synced);
          if (version === undefined) return SKIP;
          const rk = l2FamilyKey(kind, family, version, key);
          const got = await l2((r) => r.get(rk));
          if (got !== SKIP) store = (encoded) => void l2((r) => r.set(rk, encoded, "EX", ttlSeconds));
          return got;
        }
        const rk = l2Key(kind, key);
        const gk = generationKey(key);
        const got = await l2((r) => r.mget(rk, gk));
        if (got === SKIP) return SKIP;
        const seen = got[1] ?? "";
        store = (encoded) =>
          void l2((r) => r.eval(SET_IF_GENERATION_SCRIPT, 2, rk, gk, encoded, seen, ttlSeconds) as Promise<unknown>);
        return got[0] ?? null;
      };
      raw = await (trace ? trace("cache.l2.get", { "cache.key": key, "cache.level": "l2" }, lookup) : lookup());
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
    store?.(encoded);
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

  const sleep = (ms: number) => new Promise<void>((r) => clock.setTimer(ms, r));

  // Evicts in Redis, publishes, and returns once every live instance confirmed or was waited out. Throws when
  // Redis could not be reached (the caller decides what that means).
  async function publishEviction(keys: readonly string[], families: readonly string[]) {
    const id = randomUUID();
    const confirmed = new Set<string>();
    acks.set(id, confirmed);
    try {
      const message: EvictMessage = { i: instanceId, m: id, k: [...keys], f: [...families] };
      const valueKeys = keys.flatMap((k) => KINDS.map((kind) => l2Key(kind, k)));
      const generationKeys = keys.map(generationKey);
      const versionKeys = families.map(versionKey);
      const scriptKeys = [membersKey, ...valueKeys, ...generationKeys, ...versionKeys];
      const args = [
        valueKeys.length,
        generationKeys.length,
        versionKeys.length,
        generationTtlMs,
        memberWindowMs,
        channel,
        JSON.stringify(message),
      ];
      const reply = await exec(
        (r) => r.eval(EVICT_SCRIPT, scriptKeys.length, ...scriptKeys, ...args) as Promise<string[]>,
        evictTimeoutMs,
      );
      const publishedAt = now();
      const redisNow = Number(reply[0]);
      const lastBeat = new Map<string, number>();
      for (let j = 1; j + 1 < reply.length; j += 2) lastBeat.set(reply[j]!, Number(reply[j + 1]));
      const members = [...lastBeat.keys()];
      const waiting = () => members.filter((m) => m !== instanceId && !confirmed.has(m));
      if (waiting().length === 0) return;

      const deadline = publishedAt + ackTimeoutMs;
      while (waiting().length > 0 && !closed) {
        const left = deadline - now();
        if (left <= 0) break;
        await new Promise<void>((resolve) => {
          const cancel = clock.setTimer(left, resolve);
          const previous = ackArrived;
          ackArrived = () => {
            cancel();
            previous();
            resolve();
          };
        });
      }
      const missing = waiting();
      if (missing.length === 0 || closed) return;
      onError(new Error(`cache eviction not confirmed by ${missing.length} of ${members.length - 1} instances; waiting out their sync lease`));
      // Each lease is over `leaseMs` after the publish at the latest, and also `leaseMs` after that
      // instance's last heartbeat (Redis clock, with a margin for clock drift): a crashed instance costs
      // nothing once it has been gone that long.
      const byBeat = Math.max(...missing.map((m) => lastBeat.get(m)! + leaseMs - redisNow)) + CLOCK_MARGIN_MS;
      const rest = publishedAt + Math.min(leaseMs, byBeat) - now();
      if (rest > 0) await sleep(rest);
    } finally {
      acks.delete(id);
    }
  }

  // Redis could not take the eviction. If the outage reaches the other instances too, their heartbeats stopped
  // when it began, so their leases are over `leaseMs` after that.
  async function waitOutOutage() {
    const since = outageSince ?? now();
    const rest = since + leaseMs - now();
    if (rest > 0) await sleep(rest);
  }

  async function invalidate(target: { keys?: readonly string[]; families?: readonly string[] }) {
    const keys = [...new Set(target.keys ?? [])];
    const families = [...new Set(target.families ?? [])];
    if (keys.length === 0 && families.length === 0) return;
    evictLocal(keys, families, false);
    if (!redis || closed) return notifyEvicted({ keys, families });
    // Tried even while the breaker is open: it may have opened on one slow read while Redis still works for
    // everyone else, and then the other instances would keep stale L1 copies until the next probe.
    try {
      // Through the breaker while it is closed, so a failure opens it; past it while open.
      await (breaker.isOpen ? publishEviction(keys, families) : breaker.run(() => publishEviction(keys, families)));
    } catch {
      failures++;
      remember(keys, families);
      await waitOutOutage();
    } finally {
      notifyEvicted({ keys, families });
    }
  }

  // ---- subscription and heartbeats -------------------------------------------------------------------------

  let sub: Redis | undefined;
  let subscription: Promise<void> = Promise.resolve();
  let stopHeartbeats = () => {};
  let heartbeatSeq = 0;
  const heartbeats = new Map<number, number>();
  let onSynced = () => {};

  function heartbeat() {
    if (!redis || closed || !subscribed) return;
    const seq = ++heartbeatSeq;
    heartbeats.set(seq, now());
    // Lost heartbeats are never answered; keep the map small.
    if (heartbeats.size > 50) heartbeats.delete(heartbeats.keys().next().value as number);
    send((r) => r.eval(HEARTBEAT_SCRIPT, 1, membersKey, instanceId, ackChannel, `hb:${seq}`) as Promise<unknown>).catch(
      () => {},
    );
  }

  function heartbeatReturned(seq: number) {
    const sentAt = heartbeats.get(seq);
    if (sentAt === undefined) return;
    for (const s of heartbeats.keys()) {
      if (s <= seq) heartbeats.delete(s);
      else break;
    }
    // After a reconnect or a lapse messages may have been lost: start over before trusting L1 again.
    if (mustDrop || now() >= syncedUntil) {
      mustDrop = false;
      dropLocal();
    }
    syncedUntil = Math.max(syncedUntil, sentAt + leaseMs);
    const notify = onSynced;
    onSynced = () => {};
    notify();
  }

  function unsync() {
    subscribed = false;
    syncedUntil = 0;
    mustDrop = true;
  }

  if (redis) {
    // A client that (re)connects is worth probing at once rather than at the next timer tick.
    const onMainReady = () => {
      if (!closed) probe({ reconnected: true });
    };
    redis.on("ready", onMainReady);
    detach = () => redis.off("ready", onMainReady);

    sub = redis.duplicate();
    let readies = 0;
    sub.on("error", (err: unknown) => {
      if (!breaker.isOpen) onError(err);
    });
    sub.on("close", unsync);
    sub.on("ready", () => {
      readies++;
      // ioredis resubscribes by itself after a reconnect; the next returning heartbeat drops L1.
      if (readies > 1) {
        subscribed = true;
        heartbeat();
      }
    });
    sub.on("message", (ch: string, payload: string) => {
      if (ch === ackChannel) {
        if (payload.startsWith("hb:")) {
          heartbeatReturned(Number(payload.slice(3)));
          return;
        }
        const space = payload.indexOf(" ");
        const confirmed = acks.get(payload.slice(0, space));
        if (confirmed) {
          confirmed.add(payload.slice(space + 1));
          const wake = ackArrived;
          ackArrived = () => {};
          wake();
        }
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
      if (msg.i === instanceId) return;
      evictLocal(msg.k ?? [], msg.f ?? []);
      if (redis.status === "ready") {
        redis.publish(ackChannelOf(msg.i), `${msg.m} ${instanceId}`).catch(() => {});
      }
    });
    subscription = sub.subscribe(channel, ackChannel).then(
      () => {
        subscribed = true;
        heartbeat();
      },
      (err: unknown) => onError(err),
    );
    const every = Math.max(10, Math.floor(leaseMs / 5));
    const schedule = () => {
      stopHeartbeats = clock.setTimer(
        every,
        () => {
          if (closed) return;
          heartbeat();
          schedule();
        },
        { background: true },
      );
    };
    schedule();
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
      synced: isSynced(),
      pendingEvictions: pendingKeys.size + pendingFamilies.size + (pendingOverflow ? 1 : 0),
    }),
    async ready(timeoutMs = 2000) {
      if (!redis) return true;
      let cancel = () => {};
      const expired = new Promise<void>((r) => (cancel = clock.setTimer(timeoutMs, r)));
      const synced = new Promise<void>((resolve) => {
        if (isSynced()) return resolve();
        const previous = onSynced;
        onSynced = () => {
          previous();
          resolve();
        };
        heartbeat();
      });
      await Promise.race([Promise.all([subscription, synced]), expired]);
      cancel();
      return subscribed && isSynced();
    },
    async close() {
      closed = true;
      unsync();
      cancelProbe?.();
      cancelProbe = undefined;
      stopHeartbeats();
      detach();
      const wake = ackArrived;
      ackArrived = () => {};
      wake();
      l1?.clear();
      if (redis?.status === "ready") redis.zrem(membersKey, instanceId).catch(() => {});
      if (sub) {
        sub.removeAllListeners("ready");
        sub.disconnect();
      }
    },
  };
}
