import { DomainError, type Repositories, type Withdrawal, type WithdrawalHold } from "@caribex/domain";

/**
 * Ends a held withdrawal that was never signed: its waiting holds become `cancelled` (by its owner) or `rejected`
 * (by an admin), exactly its amount goes back from pending_withdrawal to its owner (post_ledger allows that refund
 * only for a withdrawal held and called off like this), and it becomes failed. Runs under the withdrawal's lock.
 */
export async function callOffWithdrawal(
  repos: Repositories,
  input: { withdrawalId: string; outcome: "cancelled" | "rejected"; by: string; at: Date; note?: string | null },
): Promise<{ withdrawal: Withdrawal; holds: WithdrawalHold[] }> {
  const w = await repos.chain.lockWithdrawal(input.withdrawalId);
  if (!w) throw new DomainError("CHAIN.WITHDRAWAL_NOT_FOUND", "No such withdrawal");
  const holds = await repos.withdrawalHolds.ofWithdrawals([w.id]);
  const waiting = holds.filter((h) => h.status === "held");
  if (w.status !== "requested" || w.nonce !== null || waiting.length === 0) {
    throw new DomainError("CHAIN.WITHDRAWAL_NOT_HELD", "This withdrawal is no longer waiting: it is being sent or already ended", { status: w.status });
  }
  for (const h of waiting) await repos.withdrawalHolds.decide(h.id, { status: input.outcome, by: input.by, at: input.at, note: input.note ?? null });
  const why = input.outcome === "cancelled" ? "cancelled by its owner" : "rejected by an administrator";
  await repos.ledger.post([
    { kind: "refund", currency: "USDC", amount: w.amount, from: { kind: "pending_withdrawal" }, to: { kind: "user", userId: w.userId }, memo: `USDC withdrawal ${why}`, withdrawalId: w.id },
  ]);
  await repos.chain.updateWithdrawal(w.id, { status: "failed", failure: input.note ? `${why}: ${input.note}` : why });
  return { withdrawal: { ...w, status: "failed" }, holds: await repos.withdrawalHolds.ofWithdrawals([w.id]) };
}
