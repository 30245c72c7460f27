import type { Clock, WithdrawalHoldRepository } from "@caribex/domain";
import { copy, nextId, type MemoryState } from "./state";

/** Withdrawal holds over plain data, as packages/db keeps them (without row-level security). */
export function memoryWithdrawalHolds(state: MemoryState, clock: Clock): WithdrawalHoldRepository {
  const all = () => [...state.withdrawalHolds.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    async add(withdrawalId, holds) {
      return holds.map((h) => {
        const hold = { ...h, id: nextId(state), withdrawalId, status: "held" as const, approvals: [], decidedBy: null, decidedAt: null, note: null, createdAt: clock.now() };
        state.withdrawalHolds.set(hold.id, hold);
        return copy(hold);
      });
    },
    async ofWithdrawals(ids) {
      return all().filter((h) => ids.includes(h.withdrawalId)).map(copy);
    },
    async listHeld(q) {
      return all()
        .filter((h) => {
          const w = state.withdrawals.get(h.withdrawalId);
          return h.status === "held" && w?.status === "requested" && (!q.userId || w.userId === q.userId);
        })
        .slice(0, q.limit)
        .map(copy);
    },
    async hasConfirmedWithdrawalTo(userId, to) {
      return [...state.withdrawals.values()].some((w) => w.userId === userId && w.status === "confirmed" && w.to.toLowerCase() === to.toLowerCase());
    },
    async approve(holdId, adminId) {
      const hold = state.withdrawalHolds.get(holdId);
      if (!hold || hold.approvals.includes(adminId)) return false;
      hold.approvals.push(adminId);
      return true;
    },
    async decide(holdId, patch) {
      const hold = state.withdrawalHolds.get(holdId);
      if (!hold) return;
      Object.assign(hold, { status: patch.status, decidedBy: patch.by, decidedAt: patch.at, ...(patch.note !== undefined ? { note: patch.note } : {}) });
    },
  };
}
