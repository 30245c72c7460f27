import { sql } from "drizzle-orm";
import { check, index, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
