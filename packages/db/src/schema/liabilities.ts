import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/** The treasury's USDC on one network at the block a snapshot read it. */
export interface SnapshotReserve {
  chainId: number;
  name: string;
  block: string;
  treasury: string;
  treasuryBalance: string;
}

/**
 * A published proof of liabilities: the Merkle-sum tree's root and total over every USDC balance the ledger owed
 * at one ledger position (`ledger_snapshot`, the database snapshot the balances were read in), the treasury's
 * balance per network at the block read right after, and the root signed by the treasury key (EIP-191), with the
 * transaction that anchored it on chain when anchoring is on. Public (GET /reserves lists them).
 */
export const liabilitySnapshots = pgTable(
  "liability_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    root: text("root").notNull(),
    total: bigint("total", { mode: "bigint" }).notNull(),
    leafCount: integer("leaf_count").notNull(),
    users: integer("users").notNull(),
    ledgerSnapshot: text("ledger_snapshot").notNull(),
    ledgerTransactions: bigint("ledger_transactions", { mode: "bigint" }).notNull(),
    reserves: jsonb("reserves").$type<SnapshotReserve[]>().notNull(),
    /** Accounts without a user (suspense): their leaves' ids, salts and balances are public. */
    publicLeaves: jsonb("public_leaves").$type<{ id: string; salt: string; balance: string; index: number }[]>().notNull(),
    signer: text("signer").notNull(),
    signature: text("signature").notNull(),
    anchorTx: text("anchor_tx"),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("liability_snapshots_total_check", sql`${t.total} >= 0`),
    check("liability_snapshots_leaf_count_check", sql`${t.leafCount} >= 2 and (${t.leafCount} & (${t.leafCount} - 1)) = 0`),
    index("liability_snapshots_taken_at_idx").on(t.takenAt.desc()),
  ],
);

/**
 * One user's leaf in a snapshot: their salt (given only to them), what they were owed (wallet, escrow held for
 * them as a seller, withdrawals on their way) and where the leaf sits. Readable by its user only.
 */
export const liabilityLeaves = pgTable(
  "liability_leaves",
  {
    snapshotId: uuid("snapshot_id")
      .notNull()
      .references(() => liabilitySnapshots.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    leafIndex: integer("leaf_index").notNull(),
    salt: text("salt").notNull(),
    balance: bigint("balance", { mode: "bigint" }).notNull(),
    wallet: bigint("wallet", { mode: "bigint" }).notNull(),
    escrow: bigint("escrow", { mode: "bigint" }).notNull(),
    pendingWithdrawals: bigint("pending_withdrawals", { mode: "bigint" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.snapshotId, t.userId] }),
    check("liability_leaves_balance_check", sql`${t.balance} = ${t.wallet} + ${t.escrow} + ${t.pendingWithdrawals} and ${t.balance} >= 0`),
    index("liability_leaves_user_idx").on(t.userId),
  ],
);

/**
 * Every node of a snapshot's tree (level 0: the leaves, padding included; the last level: the root), hash and sum.
 * Public: a proof's path is read from here. A hash hides who a leaf belongs to.
 */
export const liabilityNodes = pgTable(
  "liability_nodes",
  {
    snapshotId: uuid("snapshot_id")
      .notNull()
      .references(() => liabilitySnapshots.id, { onDelete: "cascade" }),
    level: integer("level").notNull(),
    position: integer("position").notNull(),
    hash: text("hash").notNull(),
    sum: bigint("sum", { mode: "bigint" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.level, t.position] })],
);
