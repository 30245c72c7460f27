import { DomainError } from "./errors";
import type { WithdrawalStatus } from "./chain";

/**
 * The withdrawal state machine. Only the system (the withdrawal sender) moves a withdrawal after the user asks
 * for it: it signs a requested withdrawal and stores the signed bytes, broadcasts them (and broadcasts the same
 * bytes again while they wait for a receipt), then records the receipt as confirmed or, for a reverted transfer,
 * failed (the money goes back to the user). A broadcast whose nonce another transaction took is put back to
 * requested, to be signed again with a fresh nonce. A requested withdrawal held by a risk rule (see
 * `withdrawal-risk.ts`) that its owner cancels or an admin rejects becomes failed, its money refunded, before it
 * was ever signed. The database enforces the same table (see
 * `drizzle/repeatable/functions/withdrawal_transition_guard.sql`).
 */
export const WITHDRAWAL_TRANSITIONS: Record<WithdrawalStatus, readonly WithdrawalStatus[]> = {
  requested: ["signed", "failed"],
  signed: ["broadcast"],
  broadcast: ["broadcast", "confirmed", "failed", "requested"],
  confirmed: [],
  failed: [],
};

export function canTransitionWithdrawal(from: WithdrawalStatus, to: WithdrawalStatus): boolean {
  return WITHDRAWAL_TRANSITIONS[from].includes(to);
}

export function assertWithdrawalTransition(from: WithdrawalStatus, to: WithdrawalStatus): void {
  if (!canTransitionWithdrawal(from, to)) {
    throw new DomainError("INTERNAL", `A withdrawal that is ${from} cannot become ${to}`, { from, to });
  }
}

export const isTerminalWithdrawal = (status: WithdrawalStatus): boolean => WITHDRAWAL_TRANSITIONS[status].length === 0;

