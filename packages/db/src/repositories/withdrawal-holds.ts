import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { WithdrawalHold, WithdrawalHoldRepository } from "@caribex/domain";
import type { Db } from "../client";
import { chainWithdrawals, withdrawalHoldApprovals, withdrawalHolds } from "../schema";

type HoldRow = typeof withdrawalHolds.$inferSelect;

const toHold = (r: HoldRow, approvals: string[]): WithdrawalHold => ({
  id: r.id,
  withdrawalId: r.withdrawalId,
  rule: r.rule,
  reason: r.reason,
  releaseAt: r.releaseAt,
  approvalsNeeded: r.approvalsNeeded,
  status: r.status,
  approvals,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt,
  note: r.note,
  createdAt: r.createdAt,
});

export function withdrawalHoldRepository(db: Db): WithdrawalHoldRepository {
  /** The holds with their approvals (admins only see approvals; an owner sees none, which is all they need). */
  async function withApprovals(rows: HoldRow[]): Promise<WithdrawalHold[]> {
    if (rows.length === 0) return [];
    const approvals = await db
      .select()
      .from(withdrawalHoldApprovals)
      .where(inArray(withdrawalHoldApprovals.holdId, rows.map((r) => r.id)))
      .orderBy(asc(withdrawalHoldApprovals.createdAt));
    return rows.map((r) => toHold(r, approvals.filter((a) => a.holdId === r.id).map((a) => a.adminId)));
  }

  return {
    async add(withdrawalId, holds) {
      if (holds.length === 0) return [];
      const rows = await db
        .insert(withdrawalHolds)
        .values(holds.map((h) => ({ withdrawalId, rule: h.rule, reason: h.reason, releaseAt: h.releaseAt, approvalsNeeded: h.approvalsNeeded })))
        .returning();
      return rows.map((r) => toHold(r, []));
    },

    async ofWithdrawals(withdrawalIds) {
      if (withdrawalIds.length === 0) return [];
      const rows = await db.select().from(withdrawalHolds).where(inArray(withdrawalHolds.withdrawalId, [...withdrawalIds])).orderBy(asc(withdrawalHolds.createdAt));
      return withApprovals(rows);
    },

    async listHeld(q) {
      const rows = await db
        .select({ hold: withdrawalHolds })
        .from(withdrawalHolds)
        .innerJoin(chainWithdrawals, eq(chainWithdrawals.id, withdrawalHolds.withdrawalId))
        .where(and(eq(withdrawalHolds.status, "held"), eq(chainWithdrawals.status, "requested"), q.userId ? eq(chainWithdrawals.userId, q.userId) : undefined))
        .orderBy(asc(withdrawalHolds.createdAt), asc(withdrawalHolds.id))
        .limit(q.limit);
      return withApprovals(rows.map((r) => r.hold));
    },

    async hasConfirmedWithdrawalTo(userId, to) {
      const rows = await db
        .select({ one: sql<number>`1` })
        .from(chainWithdrawals)
        .where(and(eq(chainWithdrawals.userId, userId), eq(chainWithdrawals.status, "confirmed"), sql`lower(${chainWithdrawals.toAddress}) = ${to.toLowerCase()}`))
        .limit(1);
      return rows.length > 0;
    },

    async approve(holdId, adminId) {
      const rows = await db.insert(withdrawalHoldApprovals).values({ holdId, adminId }).onConflictDoNothing().returning();
      return rows.length > 0;
    },

    async decide(holdId, patch) {
      await db
        .update(withdrawalHolds)
        .set({ status: patch.status, decidedBy: patch.by, decidedAt: patch.at, ...(patch.note !== undefined ? { note: patch.note } : {}) })
        .where(eq(withdrawalHolds.id, holdId));
    },
  };
}
