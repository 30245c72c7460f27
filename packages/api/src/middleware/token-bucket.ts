import { createHash } from "node:crypto";
import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleAll,
  isBrokenCircuitError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from "cockatiel";
import { isSensitiveProcedure, type RateDecision, type RateLimiter } from "./rate-limit";

export interface Bucket {
  key: string;
  /** Burst size and tokens per minute: a bucket refills completely in one minute. */
  perMinute: number;
}

export interface RateLimitPolicy {
  ipPerMinute: number;
  userPerMinute: number;
  sensitivePerMinute: number;
}

/** Takes one token from every bucket, or from none of them. */
export interface BucketStore {
  take(buckets: Bucket[]): Promise<RateDecision>;
}

/**
 * Buckets for one call: the client address always (so anonymous floods stop before any auth work),
 * the user once known, and a stricter shared bucket for money and identity procedures.
 */
export function bucketsFor(policy: RateLimitPolicy, call: { ip: string; userId: string | null; procedure: string }): Bucket[] {
  const buckets: Bucket[] = [{ key: `ip:${call.ip}`, perMinute: policy.ipPerMinute }];
  if (call.userId) buckets.push({ key: `user:${call.userId}`, perMinute: policy.userPerMinute });
  if (isSensitiveProcedure(call.procedure)) {
    buckets.push({ key: call.userId ? `sensitive:user:${call.userId}` : `sensitive:ip:${call.ip}`, perMinute: policy.sensitivePerMinute });
  }
  return buckets;
}

export function createRateLimiter(policy: RateLimitPolicy, store: BucketStore): RateLimiter {
  return { check: (call) => store.take(bucketsFor(policy, call)) };
}

interface State {
  tokens: number;
  at: number;
}

/** In-process buckets: exact for one instance, and the fallback when Redis is unavailable. */
export class MemoryBucketStore implements BucketStore {
  private readonly states = new Map<string, State>();
  private lastSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  take(buckets: Bucket[]): Promise<RateDecision> {
    const now = this.now();
    this.sweep(now);
    const refreshed = buckets.map((b) => {
      const rate = b.perMinute / 60_000;
      const s = this.states.get(b.key);
      const tokens = s ? Math.min(b.perMinute, s.tokens + (now - s.at) * rate) : b.perMinute;
      return { b, rate, tokens };
    });
    let retryMs = 0;
    for (const r of refreshed) if (r.tokens < 1) retryMs = Math.max(retryMs, (1 - r.tokens) / r.rate);
    const allowed = retryMs === 0;
    for (const r of refreshed) this.states.set(r.b.key, { tokens: allowed ? r.tokens - 1 : r.tokens, at: now });
    return Promise.resolve({ allowed, retryAfterSeconds: allowed ? 0 : Math.ceil(retryMs / 1000) });
  }

  /** Full buckets carry no information, so dropping them keeps memory bounded without changing decisions. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000 && this.states.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [key, s] of this.states) if (now - s.at > 60_000) this.states.delete(key);
    if (this.states.size >= this.maxKeys) this.states.clear();
  }
}

/** The ioredis calls the Redis store makes: the script by its digest, and by its text when Redis does not know it yet. */
export interface RedisEval {
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// Checks every bucket, then takes a token from each only when all have one. Uses the Redis clock, so
// instances with drifting clocks still share one budget.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #KEYS
local tokens = {}
local retry = 0
for i = 1, n do
  local cap = tonumber(ARGV[i])
  local rate = cap / 60000
  local d = redis.call('HMGET', KEYS[i], 't', 'ts')
  local tk = tonumber(d[1])
  local ts = tonumber(d[2])
  if tk == nil or ts == nil then tk = cap else tk = math.min(cap, tk + math.max(0, now - ts) * rate) end
  tokens[i] = tk
  if tk < 1 then retry = math.max(retry, math.ceil((1 - tk) / rate)) end
end
for i = 1, n do
  local left = tokens[i]
  if retry == 0 then left = left - 1 end
  redis.call('HSET', KEYS[i], 't', tostring(left), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], 61000)
end
if retry == 0 then return {1, 0} end
return {0, retry}
`;
const TAKE_SHA = createHash("sha1").update(TAKE_SCRIPT).digest("hex");

/**
 * Buckets shared by every instance through Redis. When Redis errors or is slow, a circuit breaker sends decisions
 * to the in-process store for a cool-down period instead of failing requests or waiting on every call; after it,
 * one trial call decides whether Redis is back.
 */
export class RedisBucketStore implements BucketStore {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;

  constructor(
    private readonly redis: RedisEval,
    private readonly fallback: BucketStore = new MemoryBucketStore(),
    private readonly opts: { prefix?: string; timeoutMs?: number; coolDownMs?: number; onFallback?: (e: unknown) => void } = {},
  ) {
    this.breaker = circuitBreaker(handleAll, { halfOpenAfter: opts.coolDownMs ?? 5000, breaker: new ConsecutiveBreaker(1) });
    // abortOnReturn: false, because the call ignores the signal anyway, and aborting it on every return costs a
    // DOMException per call.
    this.policy = wrap(this.breaker, timeout(opts.timeoutMs ?? 200, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }));
  }

  /** True while decisions come from the in-process fallback. */
  get degraded(): boolean {
    return this.breaker.state !== CircuitState.Closed;
  }

  async take(buckets: Bucket[]): Promise<RateDecision> {
    const prefix = this.opts.prefix ?? "rl:";
    try {
      const args = [...buckets.map((b) => prefix + b.key), ...buckets.map((b) => b.perMinute)];
      const result = await this.policy.execute(() => this.run(buckets.length, args));
      const [allowed, retryMs] = result as [number, number];
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.ceil(Number(retryMs) / 1000) };
    } catch (e) {
      if (!isBrokenCircuitError(e)) this.opts.onFallback?.(e);
      return this.fallback.take(buckets);
    }
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
