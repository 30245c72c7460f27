import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { products } from "./products";
import { users } from "./users";

export const carts = pgTable(
  "carts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["open", "checked_out"] }).notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("carts_status_check", sql`${t.status} in ('open', 'checked_out')`),
    // At most one open cart per user; checked-out carts are kept as history.
    uniqueIndex("carts_one_open_per_user").on(t.userId).where(sql`status = 'open'`),
    index("carts_user_id_idx").on(t.userId),
  ],
);

export const cartItems = pgTable(
  "cart_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    quantity: integer("quantity").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("cart_items_quantity_check", sql`${t.quantity} > 0`),
    unique("cart_items_cart_product_unique").on(t.cartId, t.productId),
    index("cart_items_product_id_idx").on(t.productId),
  ],
);
