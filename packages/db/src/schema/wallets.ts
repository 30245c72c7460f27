import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { orders } from "./orders";
import { users } from "./users";

/**
 * One balance per account per currency. `user` wallets belong to their owner, `escrow` wallets hold a seller's
 * unreleased sales, and the single `system` account per currency is where money enters the ledger, so it is the
 * only balance allowed below zero (per currency all balances always sum to zero). USDC also has three
 * accounts for the chain: `chain` (where deposits enter and withdrawals leave; minus its balance is what the
 * treasury should hold), `pending_withdrawal` (money on its way out) and `suspense` (deposits from unknown
 * senders, until an admin assigns them); like `system`, they have no owner and `chain` may go below zero.
 * The `house` account of each currency is the platform's float for conversions between currencies: owner-less,
 * funded by an admin, never below zero.
 * Escrow is held per order: a paid order has its own escrow account (`orderId` set), so checkouts to one seller
 * never wait on a shared escrow balance; a seller's escrow is the sum of their escrow accounts.
 */
export const wallets = pgTable(
  "wallets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["user", "escrow", "system", "chain", "pending_withdrawal", "suspense", "house"] }).notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "restrict" }),
    /** The order whose escrow this account holds; null for every other account. */
    orderId: uuid("order_id").references((): AnyPgColumn => orders.id, { onDelete: "restrict" }),
    currency: text("currency", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    balance: bigint("balance", { mode: "bigint" }).notNull().default(sql`0`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("wallets_kind_check", sql`${t.kind} in ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense', 'house')`),
    check("wallets_currency_check", sql`${t.currency} in ('JMD', 'USD', 'USDC')`),
    check("wallets_owner_check", sql`(${t.kind} in ('user', 'escrow')) = (${t.userId} is not null)`),
    check("wallets_balance_check", sql`${t.kind} in ('system', 'chain') or ${t.balance} >= 0`),
    check("wallets_order_check", sql`${t.orderId} is null or ${t.kind} = 'escrow'`),
    // NULLS NOT DISTINCT in the migration: one owner-less account per kind and currency.
    uniqueIndex("wallets_account_unique").on(t.kind, t.userId, t.currency).where(sql`order_id is null`),
    uniqueIndex("wallets_order_unique").on(t.orderId).where(sql`order_id is not null`),
    index("wallets_user_id_idx").on(t.userId),
  ],
);
