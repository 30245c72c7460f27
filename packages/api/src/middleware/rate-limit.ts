import { DomainError } from "@caribex/domain";

export interface RateDecision {
  allowed: boolean;
  /** Seconds until one more call would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/** Decides whether one procedure call may proceed. Keyed by client address before auth and by user after. */
export interface RateLimiter {
  check(call: { ip: string; userId: string | null; procedure: string }): Promise<RateDecision>;
}

/** Money and identity procedures get the stricter budget. */
/** Wallet reads the apps poll while a deposit or withdrawal is on its way; they move nothing. */
const WALLET_READS = new Set(["wallet.chainStatus", "wallet.depositInfo", "wallet.deposits", "wallet.withdrawals"]);

export function isSensitiveProcedure(path: string): boolean {
  return (path.startsWith("wallet.") && !WALLET_READS.has(path)) || path.startsWith("checkout.") || path.startsWith("auth.") || path === "admin.wallet.credit";
}

export function rateLimitError(retryAfterSeconds: number): DomainError {
  return new DomainError("RATE_LIMIT.EXCEEDED", "Too many requests, slow down", { retryAfterSeconds });
}
