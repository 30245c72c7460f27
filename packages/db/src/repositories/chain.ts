import { and, desc, eq, inArray, isNull, lte, max, ne, notInArray, sql, sum, gte } from "drizzle-orm";
import {
  DEPOSIT_STATUSES,
  WITHDRAWAL_STATUSES,
  type ChainRepository,
  type Deposit,
  type DepositStatus,
  type Hex,
  type Withdrawal,
  type WithdrawalStatus,
} from "@caribex/domain";
import type { Db } from "../client";
import { chainCursors, chainDeposits, chainSettings, chainWithdrawals, wallets } from "../schema";
import { rowsOf } from "./util";

type DepositRow = typeof chainDeposits.$inferSelect;
type WithdrawalRow = typeof chainWithdrawals.$inferSelect;

const toDeposit = (r: DepositRow): Deposit => ({
  id: r.id,
  chainId: r.chainId,
  txHash: r.txHash as Hex,
  logIndex: r.logIndex,
  blockNumber: r.blockNumber,
  blockHash: r.blockHash as Hex,
  fromAddress: r.fromAddress as Hex,
  amount: r.amount,
  userId: r.userId,
  status: r.status,
  createdAt: r.createdAt,
});

const toWithdrawal = (r: WithdrawalRow): Withdrawal => ({
  id: r.id,
  chainId: r.chainId,
  userId: r.userId,
  amount: r.amount,
  to: r.toAddress as Hex,
  status: r.status,
  nonce: r.nonce,
  rawTx: r.rawTx as Hex | null,
  txHash: r.txHash as Hex | null,
  failure: r.failure,
  broadcastAt: r.broadcastAt,
  createdAt: r.createdAt,
});

const zeroCounts = <S extends string>(statuses: readonly S[]) => Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;

export function chainRepository(db: Db): ChainRepository {
  return {
    async getCursor(name, chainId) {
      const [row] = await db
        .select()
        .from(chainCursors)
        .where(and(eq(chainCursors.name, name), eq(chainCursors.chainId, chainId)));
      if (!row || row.blockNumber < 0n) return null;
      return { blockNumber: row.blockNumber, blockHash: row.blockHash as Hex | null };
    },

    async moveCursor(name, chainId, expected, next) {
      // One cursor per network: a chain id this name has not seen starts from an empty cursor of its own.
      await db.insert(chainCursors).values({ name, chainId, blockNumber: -1n }).onConflictDoNothing();
      const current = expected
        ? and(
            eq(chainCursors.blockNumber, expected.blockNumber),
            expected.blockHash === null ? isNull(chainCursors.blockHash) : eq(chainCursors.blockHash, expected.blockHash),
          )
        : sql`${chainCursors.blockNumber} < 0`;
      const moved = await db
        .update(chainCursors)
        .set({ blockNumber: next.blockNumber, blockHash: next.blockHash, updatedAt: sql`now()` })
        .where(and(eq(chainCursors.name, name), eq(chainCursors.chainId, chainId), current))
        .returning({ name: chainCursors.name });
      return moved.length > 0;
    },

    async claimDeposit(chainId, log) {
      await db
        .insert(chainDeposits)
        .values({
          chainId,
          txHash: log.txHash.toLowerCase(),
          logIndex: log.logIndex,
          blockNumber: log.blockNumber,
          blockHash: log.blockHash,
          fromAddress: log.from,
          amount: log.amount,
          status: "pending",
        })
        .onConflictDoNothing();
      const [row] = await db
        .select()
        .from(chainDeposits)
        .where(
          and(eq(chainDeposits.chainId, chainId), eq(chainDeposits.txHash, log.txHash.toLowerCase()), eq(chainDeposits.logIndex, log.logIndex)),
        )
        .for("update");
      if (!row) throw new Error("deposit row neither insertable nor visible");
      return toDeposit(row);
    },

    async updateDeposit(id, patch) {
      await db
        .update(chainDeposits)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(chainDeposits.id, id));
    },

    async orphanPending(chainId, upToBlock, keep) {
      const rows = await db
        .update(chainDeposits)
        .set({ status: "orphaned", updatedAt: sql`now()` })
        .where(
          and(
            eq(chainDeposits.chainId, chainId),
            eq(chainDeposits.status, "pending"),
            lte(chainDeposits.blockNumber, upToBlock),
            keep.length > 0 ? notInArray(chainDeposits.id, keep) : undefined,
          ),
        )
        .returning({ id: chainDeposits.id });
      return rows.length;
    },

    async lockDeposit(id) {
      const [row] = await db.select().from(chainDeposits).where(eq(chainDeposits.id, id)).for("update");
      return row ? toDeposit(row) : null;
    },

    async listDeposits(q) {
      const rows = await db
        .select()
        .from(chainDeposits)
        .where(
          and(
            q.chainId === undefined ? undefined : eq(chainDeposits.chainId, q.chainId),
            q.userId ? eq(chainDeposits.userId, q.userId) : undefined,
            q.status ? eq(chainDeposits.status, q.status) : undefined,
          ),
        )
        .orderBy(desc(chainDeposits.createdAt), desc(chainDeposits.id))
        .limit(q.limit);
      return rows.map(toDeposit);
    },

    async countDepositsByStatus(chainId) {
      const rows = await db
        .select({ status: chainDeposits.status, n: sql<number>`count(*)::int` })
        .from(chainDeposits)
        .where(eq(chainDeposits.chainId, chainId))
        .groupBy(chainDeposits.status);
      const counts = zeroCounts<DepositStatus>(DEPOSIT_STATUSES);
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },

    async createWithdrawal(w) {
      const [row] = await db
        .insert(chainWithdrawals)
        .values({ chainId: w.chainId, userId: w.userId, amount: w.amount, toAddress: w.to, status: "requested" })
        .returning();
      return toWithdrawal(row!);
    },

    async withdrawnSince(userId, since) {
      const [row] = await db
        .select({ total: sum(chainWithdrawals.amount) })
        .from(chainWithdrawals)
        .where(and(eq(chainWithdrawals.userId, userId), ne(chainWithdrawals.status, "failed"), gte(chainWithdrawals.createdAt, since)));
      return BigInt(row?.total ?? 0);
    },

    async listWithdrawals(q) {
      const rows = await db
        .select()
        .from(chainWithdrawals)
        .where(
          and(
            q.chainId === undefined ? undefined : eq(chainWithdrawals.chainId, q.chainId),
            q.userId ? eq(chainWithdrawals.userId, q.userId) : undefined,
            q.statuses ? inArray(chainWithdrawals.status, q.statuses) : undefined,
          ),
        )
        // The sender walks active withdrawals oldest first; people see theirs newest first.
        .orderBy(q.statuses ? chainWithdrawals.createdAt : desc(chainWithdrawals.createdAt), chainWithdrawals.id)
        .limit(q.limit);
      return rows.map(toWithdrawal);
    },

    async findWithdrawal(id) {
      const [row] = await db.select().from(chainWithdrawals).where(eq(chainWithdrawals.id, id));
      return row ? toWithdrawal(row) : null;
    },

    async lockWithdrawal(id) {
      const [row] = await db.select().from(chainWithdrawals).where(eq(chainWithdrawals.id, id)).for("update");
      return row ? toWithdrawal(row) : null;
    },

    async updateWithdrawal(id, patch) {
      await db
        .update(chainWithdrawals)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(chainWithdrawals.id, id));
    },

    async maxNonce(chainId) {
      const [row] = await db.select({ n: max(chainWithdrawals.nonce) }).from(chainWithdrawals).where(eq(chainWithdrawals.chainId, chainId));
      return row?.n ?? null;
    },

    async countWithdrawalsByStatus(chainId) {
      const rows = await db
        .select({ status: chainWithdrawals.status, n: sql<number>`count(*)::int` })
        .from(chainWithdrawals)
        .where(eq(chainWithdrawals.chainId, chainId))
        .groupBy(chainWithdrawals.status);
      const counts = zeroCounts<WithdrawalStatus>(WITHDRAWAL_STATUSES);
      for (const r of rows) counts[r.status] = Number(r.n);
      return counts;
    },

    async withdrawalsPaused() {
      const [row] = await db.select({ paused: chainSettings.withdrawalsPaused }).from(chainSettings).where(eq(chainSettings.id, 1));
      return row?.paused ?? false;
    },

    async setWithdrawalsPaused(paused) {
      await db.update(chainSettings).set({ withdrawalsPaused: paused, updatedAt: sql`now()` }).where(eq(chainSettings.id, 1));
    },

    async networkFlows(chainId) {
      const [d] = rowsOf<{ deposited: string; suspense: string }>(
        await db.execute(sql`
          select coalesce(sum(amount) filter (where status in ('credited', 'suspense')), 0)::text as deposited,
                 coalesce(sum(amount) filter (where status = 'suspense'), 0)::text as suspense
            from ${chainDeposits} where chain_id = ${chainId}`),
      );
      const [w] = rowsOf<{ withdrawn: string; outstanding: string }>(
        await db.execute(sql`
          select coalesce(sum(amount) filter (where status = 'confirmed'), 0)::text as withdrawn,
                 coalesce(sum(amount) filter (where status in ('requested', 'signed', 'broadcast')), 0)::text as outstanding
            from ${chainWithdrawals} where chain_id = ${chainId}`),
      );
      return {
        deposited: BigInt(d?.deposited ?? "0"),
        depositsInSuspense: BigInt(d?.suspense ?? "0"),
        withdrawn: BigInt(w?.withdrawn ?? "0"),
        pendingWithdrawals: BigInt(w?.outstanding ?? "0"),
      };
    },

    async usdcLiabilities() {
      const rows = rowsOf<{ kind: string; total: string }>(
        await db.execute(sql`
          select kind, coalesce(sum(balance), 0)::text as total from ${wallets}
           where currency = 'USDC' and kind in ('user', 'escrow', 'pending_withdrawal', 'suspense', 'house')
           group by kind`),
      );
      const of = (k: string) => BigInt(rows.find((r) => r.kind === k)?.total ?? "0");
      const l = { users: of("user"), escrow: of("escrow"), pendingWithdrawals: of("pending_withdrawal"), suspense: of("suspense"), house: of("house") };
      return { ...l, total: l.users + l.escrow + l.pendingWithdrawals + l.suspense + l.house };
    },
  };
}
