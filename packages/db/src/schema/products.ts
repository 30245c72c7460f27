import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { categories } from "./categories";
import { tsvector } from "./types";
import { users } from "./users";

export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sellerId: uuid("seller_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    // Restrict: a category in use cannot be deleted; the use case reports CATEGORY.IN_USE first.
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    price: bigint("price", { mode: "bigint" }).notNull(),
    currency: text("currency", { enum: ["JMD", "USD", "USDC"] }).notNull(),
    quantity: integer("quantity").notNull().default(0),
    images: text("images").array().notNull().default(sql`'{}'::text[]`),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // 'simple' keeps words as written (no stemming), so prefix queries behave the same for every language.
    searchDocument: tsvector("search_document").generatedAlwaysAs(
      (): SQL => sql`to_tsvector('simple'::regconfig, coalesce(${products.title}, '') || ' ' || coalesce(${products.description}, ''))`,
    ),
  },
  (t) => [
    check("products_price_check", sql`${t.price} > 0`),
    check("products_currency_check", sql`${t.currency} in ('JMD', 'USD', 'USDC')`),
    check("products_quantity_check", sql`${t.quantity} >= 0`),
    // MAX_STOCK in packages/domain; 0005 adds it to existing databases.
    check("products_quantity_max_check", sql`${t.quantity} <= 1000000`),
    index("products_seller_id_idx").on(t.sellerId),
    index("products_category_id_idx").on(t.categoryId),
    index("products_is_active_idx").on(t.isActive),
    index("products_active_created_idx").on(t.isActive, t.createdAt.desc(), t.id.desc()),
    index("products_search_idx").using("gin", t.searchDocument),
    // Typo-tolerant search (migration 0008): trigrams of title and description, with the pg_trgm extension.
    index("products_trgm_idx").using("gin", sql`(lower(${t.title} || ' ' || ${t.description})) gin_trgm_ops`),
  ],
);
