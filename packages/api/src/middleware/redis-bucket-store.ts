import { createHash } from "node:crypto";
import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleAll,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { withTimeout } from "@caribex/domain";
import type { RateDecision } from "./rate-limit";
import { MemoryBucketStore, type Bucket, type BucketStore } from "./token-bucket";

/** The ioredis calls the Redis store makes: the script by its digest, and by its text when Redis does not know it yet. */
export interface RedisEval {
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** How long an instance may spend tokens it took from Redis, from the moment it asked for them. */
const LEASE_MS = 1000;
/**
 * How long Redis counts leased tokens as outstanding, at least: longer than the lease by a margin, so a Redis
 * clock that runs ahead of an instance's (or steps forward) does not end the count while the instance still spends.
 */
const LEASE_COUNTED_MS = LEASE_MS + 250;

/**
 * Tokens an instance takes from a bucket at once: one for exact and small budgets, so those stay exact, and up to
 * 1 % of the budget for large ones, so most calls are decided in process.
 */
export function leaseSize(bucket: Bucket): number {
  return bucket.exact ? 1 : Math.max(1, Math.min(32, Math.floor(bucket.perMinute / 100)));
}

// KEYS: the buckets; ARGV: the lease window in ms, then each bucket's budget, then how many tokens to lease from
// each. When every bucket has a token, takes up to the asked number from each (at least one) and returns
// {1, taken...}; otherwise takes nothing and returns {0, ms until every bucket has one}. Uses the Redis clock, so
// instances with drifting clocks still share one budget.
//
// Leased tokens may still be unspent on an instance until their window ends. Redis records how many it leased
// beyond the first (spent at once) in the current window (lc) and the previous one (lp), and refills a bucket
// only up to its budget minus those, so tokens in Redis plus tokens held by instances never exceed the budget.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local slot = math.floor(now / window)
local n = #KEYS
local st = {}
local retry = 0
for i = 1, n do
  local cap = tonumber(ARGV[1 + i])
  local rate = cap / 60000
  local d = redis.call('HMGET', KEYS[i], 't', 'ts', 'ls', 'lc', 'lp')
  local tk, ts = tonumber(d[1]), tonumber(d[2])
  local ls, lc, lp = tonumber(d[3]) or slot, tonumber(d[4]) or 0, tonumber(d[5]) or 0
  if slot == ls + 1 then lp = lc; lc = 0; ls = slot elseif slot > ls + 1 then lp = 0; lc = 0; ls = slot end
  local room = cap - lc - lp
  if tk == nil or ts == nil then tk = room else tk = math.min(room, tk + math.max(0, now - ts) * rate) end
  st[i] = {tk, ls, lc, lp}
  if tk < 1 then
    local wait = math.ceil((1 - tk) / rate)
    if room < 1 then wait = math.max(wait, (ls + 2) * window - now) end
    retry = math.max(retry, wait)
  end
end
local taken = {1}
for i = 1, n do
  local s = st[i]
  if retry == 0 then
    local g = math.max(1, math.min(tonumber(ARGV[1 + n + i]), math.floor(s[1])))
    s[1] = s[1] - g
    s[3] = s[3] + g - 1
    taken[i + 1] = g
  end
  redis.call('HSET', KEYS[i], 't', tostring(s[1]), 'ts', tostring(now), 'ls', tostring(s[2]), 'lc', tostring(s[3]), 'lp', tostring(s[4]))
  redis.call('PEXPIRE', KEYS[i], 61000)
end
if retry == 0 then return taken end
return {0, retry}
`;
const TAKE_SHA = createHash("sha1").update(TAKE_SCRIPT).digest("hex");

interface Lease {
  tokens: number;
  /** On the instance's monotonic clock; never later than Redis stops counting the lease as outstanding. */
  expires: number;
}

/** How many full leases a call waits for before it asks Redis for its own token. */
const MAX_LEASE_WAITS = 8;

const ALLOWED: RateDecision = Object.freeze({ allowed: true, retryAfterSeconds: 0 });

/**
 * Buckets shared by every instance through Redis. An instance leases a few tokens of a bucket at once and spends
 * them in process for up to a second; tokens left when the lease ends are lost, never returned, so the shared
 * budget is never exceeded and at worst an instance refuses a little early.
 *
 * When Redis errors or is slow, a circuit breaker sends decisions to the in-process store for a cool-down period
 * instead of failing requests or waiting on every call; after it, one trial call decides whether Redis is back.
 */
export class RedisBucketStore implements BucketStore {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly leases = new Map<string, Lease>();
  /** Full lease requests on their way to Redis, per bucket; settle to whether Redis granted them, never throw. */
  private readonly leasing = new Map<string, Promise<boolean>>();
  private readonly prefix: string;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(
    private readonly redis: RedisEval,
    private readonly fallback: BucketStore = new MemoryBucketStore(),
    private readonly opts: {
      prefix?: string;
      timeoutMs?: number;
      coolDownMs?: number;
      onFallback?: (e: unknown) => void;
      /** Monotonic milliseconds for lease expiry. */
      now?: () => number;
      maxLeases?: number;
    } = {},
  ) {
    this.prefix = opts.prefix ?? "rl:";
    this.now = opts.now ?? (() => performance.now());
    this.breaker = circuitBreaker(handleAll, { halfOpenAfter: opts.coolDownMs ?? 5000, breaker: new ConsecutiveBreaker(1) });
  }

  /** True while decisions come from the in-process fallback. */
  get degraded(): boolean {
    return this.breaker.state !== CircuitState.Closed;
  }

  take(buckets: Bucket[]): Promise<RateDecision> {
    const now = this.now();
    // While degraded, the in-process fallback decides every call, as it would without leases.
    const held = this.breaker.state === CircuitState.Closed && this.spendLeased(buckets, now);
    return held ? Promise.resolve(ALLOWED) : this.takeAfterLeasing(buckets, now);
  }

  /**
   * A call that lacks a token which a full lease on its way will bring waits for that lease, and for the next
   * while they are granted but spent by others first (a few times at most), so one Redis call serves a lease's
   * worth of concurrent calls; otherwise it asks Redis itself.
   */
  private async takeAfterLeasing(buckets: Bucket[], now: number): Promise<RateDecision> {
    for (let round = 0; round < MAX_LEASE_WAITS; round++) {
      let waits: Promise<boolean>[] | undefined;
      for (const b of buckets) {
        const leasing = this.leasing.get(b.key);
        if (leasing && !this.hasToken(b.key, now)) (waits ??= []).push(leasing);
      }
      if (!waits) break;
      const granted = await Promise.all(waits);
      now = this.now();
      if (this.breaker.state === CircuitState.Closed && this.spendLeased(buckets, now)) return ALLOWED;
      if (!granted.every(Boolean)) break;
    }
    return this.takeShared(buckets, now);
  }

  private hasToken(key: string, now: number): boolean {
    const lease = this.leases.get(key);
    return lease !== undefined && lease.tokens >= 1 && lease.expires > now;
  }

  /** Spends one leased token of every bucket when each has one; otherwise spends nothing. */
  private spendLeased(buckets: Bucket[], now: number): boolean {
    for (const b of buckets) if (!this.hasToken(b.key, now)) return false;
    for (const b of buckets) this.leases.get(b.key)!.tokens -= 1;
    return true;
  }

  private async takeShared(buckets: Bucket[], sent: number): Promise<RateDecision> {
    this.sweep(sent);
    // Reserve the leased tokens this call has, so concurrent calls cannot spend them, and lease the rest.
    const held: Lease[] = [];
    const missing: Bucket[] = [];
    for (const b of buckets) {
      if (this.hasToken(b.key, sent)) {
        const lease = this.leases.get(b.key)!;
        lease.tokens -= 1;
        held.push(lease);
      } else missing.push(b);
    }
    const args: (string | number)[] = [];
    for (const b of missing) args.push(this.prefix + b.key);
    args.push(LEASE_COUNTED_MS);
    for (const b of missing) args.push(b.perMinute);
    // While one full lease of a bucket is on its way, other calls ask for one token each rather than hoard.
    const full = missing.map((b) => !this.leasing.has(b.key) && leaseSize(b) > 1);
    missing.forEach((b, i) => args.push(full[i] ? leaseSize(b) : 1));
    const request = this.breaker.execute(() => withTimeout(this.run(missing.length, args), this.opts.timeoutMs ?? 200, "rate-limit call to Redis timed out"));
    const settled = request.then(
      (r) => (r as number[])[0] === 1,
      () => false,
    );
    missing.forEach((b, i) => {
      if (full[i]) this.leasing.set(b.key, settled);
    });
    let result: number[];
    try {
      result = (await request) as number[];
    } catch (e) {
      for (const lease of held) lease.tokens += 1;
      if (!isBrokenCircuitError(e)) this.opts.onFallback?.(e);
      return this.fallback.take(buckets);
    } finally {
      for (const b of missing) if (this.leasing.get(b.key) === settled) this.leasing.delete(b.key);
    }
    if (result[0] === 1) {
      missing.forEach((b, i) => this.addLease(b.key, Number(result[i + 1]) - 1, sent));
      return ALLOWED;
    }
    for (const lease of held) lease.tokens += 1;
    // Calls running at the same time may have leased tokens this one can spend.
    if (this.spendLeased(buckets, this.now())) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.ceil(Number(result[1]) / 1000) };
  }

  private addLease(key: string, tokens: number, sent: number): void {
    const lease = this.leases.get(key);
    // Tokens added to a lease that still holds some keep its earlier expiry: stricter than their own, never looser.
    if (lease && lease.tokens >= 1 && lease.expires > sent) lease.tokens += tokens;
    else if (tokens > 0) this.leases.set(key, { tokens, expires: sent + LEASE_MS });
  }

  /** Expired leases hold nothing; dropping every lease only makes the instance ask Redis sooner. */
  private sweep(now: number): void {
    if (now < this.nextSweep && this.leases.size < (this.opts.maxLeases ?? 100_000)) return;
    this.nextSweep = now + LEASE_MS;
    for (const [key, lease] of this.leases) if (lease.expires <= now) this.leases.delete(key);
    if (this.leases.size >= (this.opts.maxLeases ?? 100_000)) this.leases.clear();
  }

  /** Sends the script by digest; after a Redis restart or SCRIPT FLUSH, once by text, which loads it again. */
  private async run(numKeys: number, args: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(TAKE_SHA, numKeys, ...args);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("NOSCRIPT")) return this.redis.eval(TAKE_SCRIPT, numKeys, ...args);
      throw e;
    }
  }
}
