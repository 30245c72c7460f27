import { and, desc, eq, sql } from "drizzle-orm";
import type { Hex, LiabilityLeaf, LiabilityRepository, LiabilitySnapshot, LiabilityTreeNode, OwedLedger } from "@caribex/domain";
import type { Db } from "../client";
import { liabilityLeaves, liabilityNodes, liabilitySnapshots } from "../schema";
import { rowsOf } from "./util";

type SnapshotRow = typeof liabilitySnapshots.$inferSelect;

const toSnapshot = (r: SnapshotRow): LiabilitySnapshot => ({
  id: r.id,
  root: r.root as Hex,
  total: r.total,
  leafCount: r.leafCount,
  users: r.users,
  ledgerSnapshot: r.ledgerSnapshot,
  ledgerTransactions: r.ledgerTransactions,
  reserves: r.reserves.map((n) => ({ ...n, block: BigInt(n.block), treasury: n.treasury as Hex, treasuryBalance: BigInt(n.treasuryBalance) })),
  publicLeaves: r.publicLeaves.map((l) => ({ ...l, salt: l.salt as Hex, balance: BigInt(l.balance) })),
  signer: r.signer as Hex,
  signature: r.signature as Hex,
  anchorTx: r.anchorTx as Hex | null,
  takenAt: r.takenAt,
});

/** Rows per INSERT: well below PostgreSQL's 65,535 parameters. */
const CHUNK = 2_000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

interface OwedRow {
  snapshot: string;
  transactions: string;
  users: { user_id: string; wallet: string; escrow: string; pending: string }[] | null;
  pending_account: string;
  suspense: string;
}

export function liabilityRepository(db: Db): LiabilityRepository {
  return {
    async readOwed(): Promise<OwedLedger> {
      // One statement, so one database snapshot: every balance, the withdrawals' holds and the position itself
      // are read at the same ledger position, whatever commits meanwhile.
      const [row] = rowsOf<OwedRow>(
        await db.execute(sql`
          with held as (
            select w.user_id,
                   coalesce(sum(w.balance) filter (where w.kind = 'user'), 0) as wallet,
                   coalesce(sum(w.balance) filter (where w.kind = 'escrow'), 0) as escrow
              from wallets w
             where w.currency = 'USDC' and w.kind in ('user', 'escrow')
             group by w.user_id),
          pending as (
            select cw.user_id, sum(case when t.to_wallet_id = pw.id then t.amount else -t.amount end) as pending
              from transactions t
              join wallets pw on pw.kind = 'pending_withdrawal' and pw.currency = 'USDC' and pw.id in (t.from_wallet_id, t.to_wallet_id)
              join chain_withdrawals cw on cw.id = t.withdrawal_id
             where t.withdrawal_id is not null and t.status = 'completed'
             group by cw.user_id),
          owed as (
            select coalesce(h.user_id, p.user_id) as user_id,
                   coalesce(h.wallet, 0) as wallet, coalesce(h.escrow, 0) as escrow, coalesce(p.pending, 0) as pending
              from held h full join pending p on p.user_id = h.user_id)
          select pg_current_snapshot()::text as snapshot,
                 (select count(*) from transactions)::text as transactions,
                 (select json_agg(json_build_object('user_id', o.user_id, 'wallet', o.wallet::text, 'escrow', o.escrow::text,
                                                    'pending', o.pending::text) order by o.user_id)
                    from owed o where o.wallet + o.escrow + o.pending <> 0) as users,
                 (select coalesce(sum(balance), 0)::text from wallets where kind = 'pending_withdrawal' and currency = 'USDC') as pending_account,
                 (select coalesce(sum(balance), 0)::text from wallets where kind = 'suspense' and currency = 'USDC') as suspense`),
      );
      if (!row) throw new Error("the ledger could not be read");
      return {
        ledgerSnapshot: row.snapshot,
        ledgerTransactions: BigInt(row.transactions),
        users: (row.users ?? []).map((u) => ({ userId: u.user_id, wallet: BigInt(u.wallet), escrow: BigInt(u.escrow), pendingWithdrawals: BigInt(u.pending) })),
        pendingWithdrawalAccount: BigInt(row.pending_account),
        suspense: BigInt(row.suspense),
      };
    },

    async insertSnapshot(s, leaves, nodes) {
      await db.insert(liabilitySnapshots).values({
        id: s.id,
        root: s.root,
        total: s.total,
        leafCount: s.leafCount,
        users: s.users,
        ledgerSnapshot: s.ledgerSnapshot,
        ledgerTransactions: s.ledgerTransactions,
        reserves: s.reserves.map((n) => ({ ...n, block: n.block.toString(), treasuryBalance: n.treasuryBalance.toString() })),
        publicLeaves: s.publicLeaves.map((l) => ({ ...l, balance: l.balance.toString() })),
        signer: s.signer,
        signature: s.signature,
        anchorTx: s.anchorTx,
        takenAt: s.takenAt,
      });
      await insertChunked(leaves, (chunk) => db.insert(liabilityLeaves).values(chunk));
      await insertChunked(nodes, (chunk) => db.insert(liabilityNodes).values(chunk.map((n) => ({ snapshotId: s.id, ...n }))));
    },

    async setAnchor(snapshotId, txHash) {
      await db.update(liabilitySnapshots).set({ anchorTx: txHash }).where(eq(liabilitySnapshots.id, snapshotId));
    },

    async listSnapshots(limit) {
      const rows = await db.select().from(liabilitySnapshots).orderBy(desc(liabilitySnapshots.takenAt), desc(liabilitySnapshots.id)).limit(limit);
      return rows.map(toSnapshot);
    },

    async findSnapshot(id) {
      const [row] = id
        ? await db.select().from(liabilitySnapshots).where(eq(liabilitySnapshots.id, id))
        : await db.select().from(liabilitySnapshots).orderBy(desc(liabilitySnapshots.takenAt), desc(liabilitySnapshots.id)).limit(1);
      return row ? toSnapshot(row) : null;
    },

    async findLeaf(snapshotId, userId): Promise<LiabilityLeaf | null> {
      const [row] = await db
        .select()
        .from(liabilityLeaves)
        .where(and(eq(liabilityLeaves.snapshotId, snapshotId), eq(liabilityLeaves.userId, userId)));
      return row ? { ...row, salt: row.salt as Hex } : null;
    },

    async nodesAt(snapshotId, at): Promise<LiabilityTreeNode[]> {
      if (at.length === 0) return [];
      const wanted = sql.join(
        at.map((a) => sql`(${a.level}::int, ${a.position}::int)`),
        sql`, `,
      );
      const rows = await db
        .select()
        .from(liabilityNodes)
        .where(and(eq(liabilityNodes.snapshotId, snapshotId), sql`(${liabilityNodes.level}, ${liabilityNodes.position}) in (${wanted})`));
      return rows.map((r) => ({ level: r.level, position: r.position, hash: r.hash as Hex, sum: r.sum }));
    },
  };
}
