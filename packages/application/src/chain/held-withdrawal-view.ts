import { isAwaitingReview, releaseTime, type Hex, type Withdrawal, type WithdrawalHold } from "@caribex/domain";

export interface WithdrawalHoldView {
  id: string;
  rule: WithdrawalHold["rule"];
  reason: string;
  status: WithdrawalHold["status"];
  releaseAt: Date | null;
  approvalsNeeded: number;
  approvals: number;
}

/** A withdrawal waiting behind its holds: what its owner and the admins see. */
export interface HeldWithdrawalView {
  id: string;
  userId: string;
  amount: bigint;
  to: Hex;
  createdAt: Date;
  holds: WithdrawalHoldView[];
  /** When the time holds end (null: no time hold); it leaves then unless a review still waits. */
  leavesAt: Date | null;
  /** Whether an admin's approval is still needed. */
  awaitingReview: boolean;
  /** For an admin: whether they approved already (an admin counts once). */
  approvedByYou?: boolean;
}

export function heldWithdrawalView(w: Withdrawal, holds: readonly WithdrawalHold[], viewerId?: string): HeldWithdrawalView {
  const own = holds.filter((h) => h.withdrawalId === w.id);
  return {
    id: w.id,
    userId: w.userId,
    amount: w.amount,
    to: w.to,
    createdAt: w.createdAt,
    holds: own.map((h) => ({ id: h.id, rule: h.rule, reason: h.reason, status: h.status, releaseAt: h.releaseAt, approvalsNeeded: h.approvalsNeeded, approvals: h.approvals.length })),
    leavesAt: releaseTime(own),
    awaitingReview: own.some(isAwaitingReview),
    ...(viewerId ? { approvedByYou: own.some((h) => h.approvals.includes(viewerId)) } : {}),
  };
}
