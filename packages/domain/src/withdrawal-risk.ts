/**
 * Risk holds on withdrawals: why a requested withdrawal waits before the sender may sign it. A first withdrawal
 * to an address waits `newAddressHoldMinutes` (its owner may cancel meanwhile); one at or above the review
 * threshold waits for an admin's approval, at or above the dual threshold for two different admins'. Each hold
 * records its rule and the reason shown to the owner and the admins. Cancelled or rejected, the withdrawal fails
 * and its money goes back in full.
 */
export const HOLD_RULES = ["new_address", "review", "dual_review"] as const;
export type HoldRule = (typeof HOLD_RULES)[number];
export const HOLD_STATUSES = ["held", "cleared", "cancelled", "rejected"] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export interface NewWithdrawalHold {
  rule: HoldRule;
  reason: string;
  /** new_address: when it clears by itself. */
  releaseAt: Date | null;
  /** review: 1, dual_review: 2, new_address: 0. */
  approvalsNeeded: number;
}

export interface WithdrawalHold extends NewWithdrawalHold {
  id: string;
  withdrawalId: string;
  status: HoldStatus;
  /** The admins who approved it, in order. */
  approvals: string[];
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
  createdAt: Date;
}

export interface WithdrawalRiskRules {
  newAddressHoldMinutes: number;
  reviewThreshold: bigint;
  dualReviewThreshold: bigint;
}

const usdc = (amount: bigint) => `${amount / 1_000_000n}.${(amount % 1_000_000n).toString().padStart(6, "0")} USDC`;

/** The holds a new withdrawal gets: none, a new-address wait, a review, or both. */
export function holdsForWithdrawal(input: { amount: bigint; firstToAddress: boolean; now: Date; rules: WithdrawalRiskRules }): NewWithdrawalHold[] {
  const { amount, rules } = input;
  const holds: NewWithdrawalHold[] = [];
  if (input.firstToAddress && rules.newAddressHoldMinutes > 0) {
    holds.push({
      rule: "new_address",
      reason: `First withdrawal to this address: it waits ${rules.newAddressHoldMinutes} minutes, during which you can cancel it`,
      releaseAt: new Date(input.now.getTime() + rules.newAddressHoldMinutes * 60_000),
      approvalsNeeded: 0,
    });
  }
  if (amount >= rules.dualReviewThreshold) {
    holds.push({ rule: "dual_review", reason: `At or above ${usdc(rules.dualReviewThreshold)}: two administrators review it`, releaseAt: null, approvalsNeeded: 2 });
  } else if (amount >= rules.reviewThreshold) {
    holds.push({ rule: "review", reason: `At or above ${usdc(rules.reviewThreshold)}: an administrator reviews it`, releaseAt: null, approvalsNeeded: 1 });
  }
  return holds;
}

/** Whether a hold still keeps its withdrawal from being sent at `now` (a cancelled or rejected one for good). */
export function isHoldBlocking(hold: Pick<WithdrawalHold, "status" | "releaseAt" | "rule">, now: Date): boolean {
  if (hold.status === "cleared") return false;
  if (hold.status !== "held") return true;
  return hold.rule !== "new_address" || hold.releaseAt === null || hold.releaseAt.getTime() > now.getTime();
}

/** Whether an admin's decision is what a hold waits for (a review still held). */
export const isAwaitingReview = (hold: Pick<WithdrawalHold, "status" | "rule">): boolean => hold.status === "held" && hold.rule !== "new_address";

/** When the withdrawal may leave as far as time goes (the latest new-address release), or null when not timed. */
export function releaseTime(holds: readonly Pick<WithdrawalHold, "releaseAt" | "status">[]): Date | null {
  const times = holds.filter((h) => h.status === "held" && h.releaseAt).map((h) => h.releaseAt!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

/** Storage of holds and approvals (packages/db, and in memory for the use cases' tests). */
export interface WithdrawalHoldRepository {
  add(withdrawalId: string, holds: readonly NewWithdrawalHold[]): Promise<WithdrawalHold[]>;
  /** The holds of these withdrawals, with their approvals. */
  ofWithdrawals(withdrawalIds: readonly string[]): Promise<WithdrawalHold[]>;
  /** Holds still `held`, oldest first: the review queue and the owners' waiting withdrawals. */
  listHeld(q: { userId?: string; limit: number }): Promise<WithdrawalHold[]>;
  /** Whether this user has a confirmed withdrawal to this address (any case). */
  hasConfirmedWithdrawalTo(userId: string, to: string): Promise<boolean>;
  /** Records an admin's approval; false when this admin already approved this hold. */
  approve(holdId: string, adminId: string): Promise<boolean>;
  /** Decides the hold: cleared, cancelled or rejected (by whom, with an optional note). */
  decide(holdId: string, patch: { status: Exclude<HoldStatus, "held">; by: string | null; at: Date; note?: string | null }): Promise<void>;
}
