import type { RateDecision, RateLimitedCall, RateLimiter } from "./rate-limit";

/** The name picture uploads (`POST /images`) are rate limited under. */
export const UPLOAD_PROCEDURE = "images.upload";

export interface Bucket {
  key: string;
  /** Burst size and tokens per minute: a bucket refills completely in one minute. */
  perMinute: number;
  /** Taken from the shared store one token per call, never leased in batches, so its budget is exact. */
  exact?: boolean;
}

export interface RateLimitPolicy {
  ipPerMinute: number;
  userPerMinute: number;
  sensitivePerMinute: number;
  /** Picture uploads per user (`images.upload`); without it they share the user's general budget only. */
  uploadsPerMinute?: number;
}

/** Takes one token from every bucket, or from none of them. */
export interface BucketStore {
  take(buckets: Bucket[]): Promise<RateDecision>;
}

/**
 * Buckets for one call: the client address always (so anonymous floods stop before any auth work),
 * the user once known, and a stricter shared bucket for money and identity procedures.
 */
export function bucketsFor(policy: RateLimitPolicy, call: RateLimitedCall): Bucket[] {
  const buckets: Bucket[] = [{ key: `ip:${call.ip}`, perMinute: policy.ipPerMinute }];
  if (call.userId) buckets.push({ key: `user:${call.userId}`, perMinute: policy.userPerMinute });
  if (call.rateClass === "sensitive") {
    buckets.push({ key: call.userId ? `sensitive:user:${call.userId}` : `sensitive:ip:${call.ip}`, perMinute: policy.sensitivePerMinute, exact: true });
  }
  if (call.procedure === UPLOAD_PROCEDURE && policy.uploadsPerMinute !== undefined) {
    buckets.push({ key: call.userId ? `upload:user:${call.userId}` : `upload:ip:${call.ip}`, perMinute: policy.uploadsPerMinute, exact: true });
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
