import type { Redis } from "ioredis";
import { Breaker } from "./breaker";
import type { CacheClock } from "./clock";
import type { Kind } from "./l1";

/** What a breaker-guarded call resolves to instead of rejecting, so callers fall back without a try/catch. */
export const SKIP = Symbol("skip");

// Stores a loaded value only if no write bumped the key's generation since the load began, so a slow
// instance can never put back a value that a write already evicted.
const SET_IF_GENERATION_SCRIPT = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`;

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`redis call exceeded ${ms} ms`);
    this.name = "TimeoutError";
  }
}

export interface L2Options {
  redis: Redis | undefined;
  namespace: string;
  /** Longest wait for any single Redis call before treating Redis as down. */
  timeoutMs: number;
  /** How long Redis is left alone after a failure before one probe. */
  retryAfterMs: number;
  clock: CacheClock;
  onError: (err: unknown) => void;
}

/**
 * Redis access for the cache: calls with a timeout that never queue while disconnected, a breaker that keeps
 * reads off Redis after a failure and probes it on a timer, and the names of every key the cache writes.
 */
export interface L2 {
  readonly redis: Redis | undefined;
  readonly breaker: Breaker;
  /** Sends a command now (commands keep call order on the connection), counting it as an attempt. */
  exec<T>(op: (r: Redis) => Promise<T>, ms?: number): Promise<T>;
  /** Like exec, without counting: for heartbeats. */
  send<T>(op: (r: Redis) => Promise<T>, ms?: number): Promise<T>;
  /** Breaker-guarded: SKIP when Redis is off, open or failing (a failure opens the breaker). */
  guarded<T>(op: (r: Redis) => Promise<T>): Promise<T | typeof SKIP>;
  /**
   * Runs `fn` through the breaker while it is closed, so a failure opens it; past it while open (for work that
   * must be tried even then). Rejects with the failure, counted.
   */
  attempt<T>(fn: () => Promise<T>): Promise<T>;
  /** Sets the recovery probe: it replays what the outage held back; resolving closes the breaker. */
  onProbe(probe: () => Promise<void>): void;
  /** Probes at once if the breaker is open and no probe runs (the client just reconnected). */
  probeNow(): void;
  /** When Redis last stopped answering, if it has not answered since. */
  outageSince(): number | undefined;
  /** Removes every value and family entry of the namespace (after evictions were lost). */
  unlinkNamespace(): Promise<void>;
  /** Stores under an exact key, unless its generation moved since `seenGeneration` was read. */
  setIfGeneration(key: string, kind: Kind, encoded: string, seenGeneration: string, ttlSeconds: number): void;
  keys: {
    value(kind: Kind, key: string): string;
    generation(key: string): string;
    familyValue(kind: Kind, family: string, version: string, key: string): string;
    familyVersion(family: string): string;
  };
  stats(): { attempts: number; failures: number };
  close(): void;
}

export function createL2(opts: L2Options): L2 {
  const { redis, clock, namespace: ns } = opts;
  const now = () => clock.now();
  const breaker = new Breaker(opts.retryAfterMs, now);
  let attempts = 0;
  let failures = 0;
  let outageSince: number | undefined;
  let closed = false;
  let probe: () => Promise<void> = async () => {};
  let cancelProbe: (() => void) | undefined;

  // Exact values, their generations, family values and family versions live in disjoint prefixes; braces keep
  // a family name containing ":" from colliding with another family's version segment.
  const keys = {
    value: (kind: Kind, key: string) => `${ns}:k:${kind}:${key}`,
    generation: (key: string) => `${ns}:g:${key}`,
    familyValue: (kind: Kind, family: string, version: string, key: string) => `${ns}:f:${kind}:{${family}}:${version}:${key}`,
    familyVersion: (family: string) => `${ns}:ver:{${family}}`,
  };

  // Sends `op` straight away (no await before it, so commands keep call order on the connection) and gives
  // up after `ms`. A client that is not connected fails at once instead of queueing offline: queued writes
  // replayed after an outage could resurrect stale values.
  function send<T>(op: (r: Redis) => Promise<T>, ms = opts.timeoutMs): Promise<T> {
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
    return Promise.race([op(redis), timeout])
      .then(
        (v) => {
          outageSince = undefined;
          return v;
        },
        (err: unknown) => {
          outageSince ??= now();
          throw err;
        },
      )
      .finally(() => cancel());
  }

  function exec<T>(op: (r: Redis) => Promise<T>, ms = opts.timeoutMs): Promise<T> {
    if (redis?.status === "ready") attempts++;
    return send(op, ms);
  }

  // The first failure of an outage is reported; the failed probes after it are not.
  let outageReported = false;
  breaker.onBreak((err) => {
    if (!outageReported) {
      outageReported = true;
      opts.onError(err);
    }
    scheduleProbe();
  });
  breaker.onReset(() => {
    outageReported = false;
  });

  // Recovery must not depend on traffic: evictions held back by an outage should be replayed as soon as Redis
  // is back, so a timer keeps probing while the breaker is open.
  function scheduleProbe() {
    if (cancelProbe || closed) return;
    cancelProbe = clock.setTimer(
      opts.retryAfterMs,
      () => {
        cancelProbe = undefined;
        if (closed || !breaker.isOpen) return;
        // Not started: the breaker reopened after this timer was set (a failed early probe); wait its period out.
        if (!startProbe()) scheduleProbe();
      },
      { background: true },
    );
  }

  /** Starts the recovery probe if it is time for one; true when it started. */
  function startProbe(o: { reconnected?: boolean } = {}): boolean {
    const running = breaker.probe(probe, o);
    // Still down: the breaker stays open and tries again later; the first failure was already reported.
    running?.catch(() => {
      failures++;
    });
    return running !== undefined;
  }

  function guarded<T>(op: (r: Redis) => Promise<T>): Promise<T | typeof SKIP> {
    if (!redis || closed) return Promise.resolve(SKIP);
    if (breaker.isOpen) {
      startProbe();
      return Promise.resolve(SKIP);
    }
    return breaker.run(() => exec(op)).catch((err: unknown) => {
      if (!Breaker.isSkipped(err)) failures++;
      return SKIP;
    });
  }

  return {
    redis,
    breaker,
    exec,
    send,
    guarded,
    attempt(fn) {
      return (breaker.isOpen ? fn() : breaker.run(fn)).catch((err: unknown) => {
        failures++;
        throw err;
      });
    },
    onProbe(fn) {
      probe = fn;
    },
    probeNow() {
      if (!closed) startProbe({ reconnected: true });
    },
    outageSince: () => outageSince,
    async unlinkNamespace() {
      let cursor = "0";
      do {
        const [next, found] = await exec((r) => r.scan(cursor, "MATCH", `${ns}:[kf]:*`, "COUNT", 1000));
        cursor = next;
        if (found.length > 0) await exec((r) => r.unlink(...found));
      } while (cursor !== "0");
    },
    setIfGeneration(key, kind, encoded, seenGeneration, ttlSeconds) {
      const valueKey = keys.value(kind, key);
      const generationKey = keys.generation(key);
      void guarded((r) => r.eval(SET_IF_GENERATION_SCRIPT, 2, valueKey, generationKey, encoded, seenGeneration, ttlSeconds) as Promise<unknown>);
    },
    keys,
    stats: () => ({ attempts, failures }),
    close() {
      closed = true;
      cancelProbe?.();
      cancelProbe = undefined;
    },
  };
}
