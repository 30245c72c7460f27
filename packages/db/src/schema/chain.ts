import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { transactions } from "./transactions";
import { users } from "./users";

/**
 * Where a chain scanner has read up to on one network: the last block it processed and that block's hash, so a
 * reorg that replaces the block is noticed. One row per (name, chain id): each network has its own cursor. The
 * lease columns are no longer used: the job queue lets one scanner and one sender run at a time.
 */
export const chainCursors = pgTable(
  "chain_cursors",
  {
    name: text("name").notNull(),
    chainId: integer("chain_id").notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash"),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "chain_cursors_pkey", columns: [t.name, t.chainId] })],
);

/**
 * One USDC Transfer log to the treasury. Unique on (chain, tx hash, log index), so a log is credited at most
 * once. `pending` until confirmed, then `credited` (to its sender's wallet) or `suspense` (sender unknown,
 * waiting for an admin); `orphaned` when the block holding it was reorganised away before confirmation.
 */
export const chainDeposits = pgTable(
  "chain_deposits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    chainId: integer("chain_id").notNull(),
    txHash: text("tx_hash").notNull(),
    logIndex: integer("log_index").notNull(),
    blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
    blockHash: text("block_hash").notNull(),
    fromAddress: text("from_address").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "restrict" }),
    status: text("status", { enum: ["pending", "credited", "suspense", "orphaned"] }).notNull(),
    transactionId: uuid("transaction_id").references(() => transactions.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("chain_deposits_log_unique").on(t.chainId, t.txHash, t.logIndex),
    check("chain_deposits_status_check", sql`${t.status} in ('pending', 'credited', 'suspense', 'orphaned')`),
    check("chain_deposits_amount_check", sql`${t.amount} > 0`),
    index("chain_deposits_user_idx").on(t.userId, t.createdAt.desc()),
    index("chain_deposits_status_idx").on(t.status),
  ],
);

/**
 * A USDC withdrawal from the treasury. `requested` holds the money in the pending-withdrawals account;
 * `signed` stores the raw transaction before it is ever broadcast (a crash then re-sends the same bytes, never a
 * second transfer); `broadcast` waits for the receipt; `confirmed` or `failed` (refunded) end it.
 */
export const chainWithdrawals = pgTable(
  "chain_withdrawals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    chainId: integer("chain_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    toAddress: text("to_address").notNull(),
    status: text("status", { enum: ["requested", "signed", "broadcast", "confirmed", "failed"] }).notNull(),
    nonce: integer("nonce"),
    rawTx: text("raw_tx"),
    txHash: text("tx_hash"),
    failure: text("failure"),
    broadcastAt: timestamp("broadcast_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("chain_withdrawals_status_check", sql`${t.status} in ('requested', 'signed', 'broadcast', 'confirmed', 'failed')`),
    check("chain_withdrawals_amount_check", sql`${t.amount} > 0`),
    check("chain_withdrawals_signed_check", sql`${t.status} = 'requested' or ${t.status} = 'failed' or (${t.rawTx} is not null and ${t.nonce} is not null)`),
    unique("chain_withdrawals_nonce_unique").on(t.chainId, t.nonce),
    index("chain_withdrawals_user_idx").on(t.userId, t.createdAt.desc()),
    index("chain_withdrawals_status_idx").on(t.status),
  ],
);

/** Operator switches for the chain features (a single row). */
export const chainSettings = pgTable("chain_settings", {
  id: integer("id").primaryKey().default(1),
  withdrawalsPaused: boolean("withdrawals_paused").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
