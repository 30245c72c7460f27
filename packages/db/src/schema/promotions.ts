import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { orders } from "./orders";
import { users } from "./users";

/**
 * Seller promotions: discount codes for a seller's own products (the rule is `discountLines` in
 * packages/domain/src/promotion.ts; the escrow holds check it again and claim a use, post_escrow_holds).
 * `product_ids` null covers all the seller's products. `used` counts the orders that used the code; it only grows
 * through post_escrow_holds, under a conditional update, so it never passes `usage_limit`.
 */
export const promotions = pgTable(
  "promotions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sellerId: uuid("seller_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    code: text("code").notNull(),
    kind: text("kind", { enum: ["percent", "fixed"] }).notNull(),
    percent: integer("percent"),
    amount: bigint("amount", { mode: "bigint" }),
    currency: text("currency", { enum: ["JMD", "USD", "USDC"] }),
    minSubtotal: bigint("min_subtotal", { mode: "bigint" }),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    usageLimit: integer("usage_limit"),
    perBuyerLimit: integer("per_buyer_limit"),
    productIds: uuid("product_ids").array(),
    used: integer("used").notNull().default(0),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "promotions_kind_check",
      sql`(${t.kind} = 'percent' and ${t.percent} between 1 and 90 and ${t.amount} is null and ${t.currency} is null)
          or (${t.kind} = 'fixed' and ${t.percent} is null and ${t.amount} > 0 and ${t.currency} in ('JMD', 'USD', 'USDC'))`,
    ),
    check("promotions_limits_check", sql`coalesce(${t.usageLimit}, 1) > 0 and coalesce(${t.perBuyerLimit}, 1) > 0 and coalesce(${t.minSubtotal}, 0) >= 0`),
    check("promotions_used_check", sql`${t.used} >= 0 and ${t.used} <= coalesce(${t.usageLimit}, ${t.used})`),
    check("promotions_window_check", sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.startsAt} < ${t.endsAt}`),
    // Codes are case-insensitive and unique per seller.
    uniqueIndex("promotions_seller_code_idx").on(t.sellerId, sql`upper(${t.code})`),
  ],
);

/** One row per order that used a code: per-buyer limits count these. */
export const promotionUses = pgTable(
  "promotion_uses",
  {
    promotionId: uuid("promotion_id")
      .notNull()
      .references(() => promotions.id, { onDelete: "restrict" }),
    orderId: uuid("order_id")
      .primaryKey()
      .references(() => orders.id, { onDelete: "cascade" }),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("promotion_uses_buyer_idx").on(t.promotionId, t.buyerId)],
);
