import { DomainError } from "@caribex/domain";
import type { RateClass } from "../procedure-meta";

export interface RateDecision {
  allowed: boolean;
  /** Seconds until one more call would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/** Decides whether one procedure call may proceed. Keyed by client address before auth and by user after. */
export interface RateLimiter {
  check(call: RateLimitedCall): Promise<RateDecision>;
}

/** One call to decide on: who makes it, which procedure, and the class its procedure declares (`meta.rateLimit`). */
export interface RateLimitedCall {
  ip: string;
  userId: string | null;
  procedure: string;
  rateClass: RateClass;
}

export function rateLimitError(retryAfterSeconds: number): DomainError {
  return new DomainError("RATE_LIMIT.EXCEEDED", "Too many requests, slow down", { retryAfterSeconds });
}
