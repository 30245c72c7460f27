import { sql } from "drizzle-orm";
import { check, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { orderItems } from "./orders";
import { products } from "./products";
import { users } from "./users";

/**
 * Verified-buyer reviews: one per order line, written by the line's buyer once the order is completed (checked by
 * the insert policy, drizzle/repeatable/policies/reviews.sql). The seller replies once; an admin may hide one with
 * a reason (reviews_guard decides who may change which column). Product and seller are copied from the order line
 * so reads and policies need no join.
 */
export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id, { onDelete: "restrict" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    sellerId: uuid("seller_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    rating: smallint("rating").notNull(),
    body: text("body").notNull(),
    reply: text("reply"),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenReason: text("hidden_reason"),
    hiddenBy: uuid("hidden_by").references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("reviews_rating_check", sql`${t.rating} between 1 and 5`),
    check("reviews_reply_check", sql`(${t.reply} is null) = (${t.repliedAt} is null)`),
    check("reviews_hidden_check", sql`(${t.hiddenAt} is null) = (${t.hiddenReason} is null)`),
    uniqueIndex("reviews_order_item_id_idx").on(t.orderItemId),
    // A product's visible reviews, newest first (the product page and its aggregates).
    index("reviews_product_idx").on(t.productId, t.createdAt.desc(), t.id.desc()),
    index("reviews_seller_idx").on(t.sellerId, t.createdAt.desc(), t.id.desc()),
  ],
);
