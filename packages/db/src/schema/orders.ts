import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AddressFields } from "@caribex/domain";
import { products } from "./products";
import { promotions } from "./promotions";
import { users } from "./users";

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The number people quote ("CX-10428"): from a sequence, never reused.
    number: bigint("number", { mode: "number" }).generatedAlwaysAsIdentity({ startWith: 10001 }).notNull(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    sellerId: uuid("seller_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    status: text("status", { enum: ["pending", "paid", "shipped", "completed", "cancelled", "disputed", "refunded"] }).notNull(),
    currency: text("currency", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    total: bigint("total", { mode: "bigint" }).notNull(),
    // A promotion's discount, already taken off `total` (total = the lines' sum − discount); 0 without a code.
    discount: bigint("discount", { mode: "bigint" }).notNull().default(sql`0`),
    promotionId: uuid("promotion_id").references(() => promotions.id, { onDelete: "restrict" }),
    checkoutKey: text("checkout_key"),
    shippingAddress: jsonb("shipping_address").$type<AddressFields>(),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    shippedAt: timestamp("shipped_at", { withTimezone: true }),
    disputeReason: text("dispute_reason"),
    resolutionNote: text("resolution_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("orders_status_check", sql`${t.status} in ('pending', 'paid', 'shipped', 'completed', 'cancelled', 'disputed', 'refunded')`),
    check("orders_currency_check", sql`${t.currency} in ('JMD', 'USD', 'USDC')`),
    check("orders_total_check", sql`${t.total} > 0`),
    check("orders_discount_check", sql`${t.discount} >= 0 and (${t.discount} = 0 or ${t.promotionId} is not null)`),
    index("orders_buyer_id_idx").on(t.buyerId, t.createdAt.desc()),
    index("orders_seller_id_idx").on(t.sellerId, t.createdAt.desc()),
    index("orders_status_idx").on(t.status),
    index("orders_created_at_idx").on(t.createdAt.desc()),
    // The escrow auto-release job looks only at shipped orders, oldest shipment first.
    index("orders_shipped_due_idx").on(t.shippedAt).where(sql`status = 'shipped'`),
    // "Customers also bought" gathers the orders of one checkout.
    index("orders_checkout_idx").on(t.buyerId, t.checkoutKey),
    uniqueIndex("orders_number_idx").on(t.number),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    unitPrice: bigint("unit_price", { mode: "bigint" }).notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    check("order_items_unit_price_check", sql`${t.unitPrice} > 0`),
    check("order_items_quantity_check", sql`${t.quantity} > 0`),
    index("order_items_order_id_idx").on(t.orderId),
    index("order_items_product_id_idx").on(t.productId),
  ],
);
