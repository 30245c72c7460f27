import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { fxQuotes } from "./fx";
import { chainWithdrawals } from "./chain";
import { orders } from "./orders";
import { wallets } from "./wallets";

/**
 * The immutable ledger: one row per movement, debiting from_wallet_id and crediting to_wallet_id by the same
 * amount. The application role may only insert and read it (policies: drizzle/repeatable/policies/transactions.sql; writes only through drizzle/repeatable/functions/post_ledger.sql).
 */
export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["credit", "transfer", "escrow_hold", "escrow_release", "refund", "conversion"] }).notNull(),
    currency: text("currency", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    fromWalletId: uuid("from_wallet_id")
      .notNull()
      .references(() => wallets.id, { onDelete: "restrict" }),
    toWalletId: uuid("to_wallet_id")
      .notNull()
      .references(() => wallets.id, { onDelete: "restrict" }),
    status: text("status", { enum: ["completed", "failed"] }).notNull().default("completed"),
    memo: text("memo"),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "restrict" }),
    /** The USDC withdrawal a movement into or out of pending_withdrawal belongs to (post_ledger requires it). */
    withdrawalId: uuid("withdrawal_id").references(() => chainWithdrawals.id, { onDelete: "restrict" }),
    /** The conversion quote both legs of a conversion honour (post_ledger requires it on kind `conversion`). */
    quoteId: uuid("quote_id").references(() => fxQuotes.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("transactions_kind_check", sql`${t.kind} in ('credit', 'transfer', 'escrow_hold', 'escrow_release', 'refund', 'conversion')`),
    check("transactions_currency_check", sql`${t.currency} in ('JMD', 'USD', 'USDC')`),
    check("transactions_amount_check", sql`${t.amount} > 0`),
    check("transactions_status_check", sql`${t.status} in ('completed', 'failed')`),
    check("transactions_distinct_wallets_check", sql`${t.fromWalletId} <> ${t.toWalletId}`),
    check("transactions_memo_check", sql`${t.memo} is null or char_length(${t.memo}) <= 280`),
    index("transactions_from_wallet_idx").on(t.fromWalletId, t.createdAt.desc(), t.id.desc()),
    index("transactions_to_wallet_idx").on(t.toWalletId, t.createdAt.desc(), t.id.desc()),
    index("transactions_status_idx").on(t.status),
    index("transactions_created_at_idx").on(t.createdAt.desc()),
    index("transactions_order_id_idx").on(t.orderId),
    uniqueIndex("transactions_quote_leg_unique").on(t.quoteId, t.currency).where(sql`${t.quoteId} is not null`),
    index("transactions_withdrawal_id_idx").on(t.withdrawalId).where(sql`${t.withdrawalId} is not null`),
  ],
);
