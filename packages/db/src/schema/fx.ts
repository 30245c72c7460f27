import { sql } from "drizzle-orm";
import { bigint, check, index, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Exchange rates, one row per rate ever set (history, never updated): one unit of `base` is worth `rate` units
 * of `quote`. Read to compare and show prices in one reference currency; the ledger never converts money.
 */
export const fxRates = pgTable(
  "fx_rates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    base: text("base", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    quote: text("quote", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    // Exact decimal, read and written as a string.
    rate: numeric("rate", { precision: 24, scale: 12 }).notNull(),
    source: text("source", { enum: ["admin", "feed", "seed"] }).notNull(),
    setBy: uuid("set_by").references(() => users.id, { onDelete: "set null" }),
    asOf: timestamp("as_of", { withTimezone: true }).notNull().defaultNow(),
    // An admin's rate: how far it moved from the current one (basis points) and, when forced, why.
    changeBps: integer("change_bps"),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("fx_rates_base_check", sql`${t.base} in ('JMD', 'USD', 'USDC')`),
    check("fx_rates_quote_check", sql`${t.quote} in ('JMD', 'USD', 'USDC')`),
    check("fx_rates_pair_check", sql`${t.base} <> ${t.quote}`),
    check("fx_rates_rate_check", sql`${t.rate} > 0`),
    check("fx_rates_source_check", sql`${t.source} in ('admin', 'feed', 'seed')`),
    index("fx_rates_pair_idx").on(t.base, t.quote, t.asOf.desc(), t.id.desc()),
  ],
);

/**
 * Conversion quotes: what a user pays in `from_currency` and receives in `to_currency`, at the mid-market rate
 * less the spread, honoured once before `expires_at` (packages/domain/src/fx-quote.ts). Written only by the
 * system actor; `used_at` is set only by post_ledger when it posts the quote's two legs (policies:
 * drizzle/repeatable/policies/fx_quotes.sql).
 */
export const fxQuotes = pgTable(
  "fx_quotes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    fromCurrency: text("from_currency", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    toCurrency: text("to_currency", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    side: text("side", { enum: ["pay", "receive"] }).notNull(),
    rate: numeric("rate", { precision: 24, scale: 12 }).notNull(),
    spreadBps: integer("spread_bps").notNull(),
    payAmount: bigint("pay_amount", { mode: "bigint" }).notNull(),
    receiveAmount: bigint("receive_amount", { mode: "bigint" }).notNull(),
    feeAmount: bigint("fee_amount", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [
    check("fx_quotes_from_currency_check", sql`${t.fromCurrency} in ('JMD', 'USD', 'USDC')`),
    check("fx_quotes_to_currency_check", sql`${t.toCurrency} in ('JMD', 'USD', 'USDC')`),
    check("fx_quotes_pair_check", sql`${t.fromCurrency} <> ${t.toCurrency}`),
    check("fx_quotes_side_check", sql`${t.side} in ('pay', 'receive')`),
    check("fx_quotes_amounts_check", sql`${t.payAmount} > 0 and ${t.receiveAmount} > 0 and ${t.feeAmount} >= 0`),
    check("fx_quotes_spread_check", sql`${t.spreadBps} between 0 and 10000`),
    check("fx_quotes_expiry_check", sql`${t.expiresAt} > ${t.createdAt}`),
    index("fx_quotes_user_idx").on(t.userId, t.createdAt.desc()),
  ],
);
