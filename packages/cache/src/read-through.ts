import type { Codec } from "./codec";
import type { Kind, L1 } from "./l1";
import { SKIP, type L2 } from "./l2";
import type { CacheMetrics, GetOptions, TraceFn } from "./types";

interface Wave {
  promise: Promise<unknown>;
  started: boolean;
}

interface Flight {
  promise: Promise<unknown>;
  invalidated: boolean;
  generation: number;
}

export interface ReadThroughOptions {
  l1: L1;
  l2: L2;
  /** Whether L1 (and loads already running) may be trusted now: the coherence protocol's lease. */
  isSynced: () => boolean;
  codec: Codec;
  l1TtlMs: number;
  l2TtlSeconds: number;
  metrics: CacheMetrics | undefined;
  trace: TraceFn | undefined;
  onError: (err: unknown) => void;
}

/**
 * Reads L1 → L2 → loader and fills both on the way back. Concurrent misses for one key share one load; a load
 * an eviction overtook still answers its own callers but stores nothing, and later readers do not join it.
 */
export interface ReadThrough {
  read<T>(kind: Kind, family: string | undefined, key: string, loader: () => Promise<T>, options: GetOptions | undefined): Promise<T>;
  /** Marks the loads of these local keys as overtaken by an eviction. */
  invalidateLoads(localKeys: readonly string[]): void;
  /** Marks every running load as overtaken (L1 is being dropped). */
  invalidateAllLoads(): void;
}

export function createReadThrough(opts: ReadThroughOptions): ReadThrough {
  const { l1, l2, isSynced, codec, metrics, trace } = opts;
  const inflight = new Map<string, Flight>();
  /** Coalesced loads of readers that cannot trust in-flight loads (see read()). */
  const waves = new Map<string, Wave>();
  let generation = 0;

  async function familyVersion(family: string, epoch: number, synced: boolean): Promise<string | undefined> {
    const mirrored = synced ? l1.mirroredVersion(family, epoch) : undefined;
    if (mirrored !== undefined) return mirrored;
    const got = await l2.guarded((r) => r.get(l2.keys.familyVersion(family)));
    if (got === SKIP) return undefined;
    const version = got ?? "0";
    l1.mirrorVersion(family, epoch, version);
    return version;
  }

  function read<T>(kind: Kind, family: string | undefined, key: string, loader: () => Promise<T>, options: GetOptions | undefined): Promise<T> {
    const epoch = family === undefined ? 0 : l1.epochOf(family);
    const k = l1.keyOf(kind, family, epoch, key);
    const synced = isSynced();
    if (l1.enabled) {
      const hit = synced ? l1.get(k) : undefined;
      if (hit !== undefined) {
        metrics?.hit("l1");
        const value = hit.value as T;
        return trace
          ? trace("cache.get", { "cache.key": key, "cache.level": "l1", "cache.hit": true }, () => Promise.resolve(value))
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
      const valid = () => !flight.invalidated && flight.generation === generation && (family === undefined || l1.epochOf(family) === epoch);
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
    const ttlMs = options?.ttlMs ?? opts.l1TtlMs;
    const ttlSeconds = options?.l2TtlSeconds ?? (options?.ttlMs !== undefined ? Math.max(1, Math.ceil(options.ttlMs / 1000)) : opts.l2TtlSeconds);

    // Where a loaded value may be stored in L2: a family key under the version read now, or an exact key
    // guarded by the generation read now.
    let store: ((encoded: string) => void) | undefined;
    let raw: string | null | typeof SKIP = SKIP;
    if (l2.redis) {
      const lookup = async (): Promise<string | null | typeof SKIP> => {
        if (family !== undefined) {
          const version = await familyVersion(family, epoch, synced);
          if (version === undefined) return SKIP;
          const rk = l2.keys.familyValue(kind, family, version, key);
          const got = await l2.guarded((r) => r.get(rk));
          if (got !== SKIP) store = (encoded) => void l2.guarded((r) => r.set(rk, encoded, "EX", ttlSeconds));
          return got;
        }
        const got = await l2.guarded((r) => r.mget(l2.keys.value(kind, key), l2.keys.generation(key)));
        if (got === SKIP) return SKIP;
        const seenGeneration = got[1] ?? "";
        store = (encoded) => l2.setIfGeneration(key, kind, encoded, seenGeneration, ttlSeconds);
        return got[0] ?? null;
      };
      raw = await (trace ? trace("cache.l2.get", { "cache.key": key, "cache.level": "l2" }, lookup) : lookup());
      if (typeof raw === "string") {
        try {
          const value = (kind === "r" ? raw : codec.decode(raw)) as T;
          metrics?.hit("l2");
          if (valid()) l1.store(localKey, value, raw.length, ttlMs);
          return value;
        } catch (err) {
          opts.onError(err);
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
      opts.onError(err);
      return value;
    }
    store?.(encoded);
    l1.store(localKey, value, encoded.length, ttlMs);
    return value;
  }

  return {
    read,
    invalidateLoads(localKeys) {
      for (const k of localKeys) {
        const flight = inflight.get(k);
        if (flight) {
          flight.invalidated = true;
          inflight.delete(k);
        }
      }
    },
    invalidateAllLoads() {
      generation++;
      inflight.clear();
    },
  };
}
