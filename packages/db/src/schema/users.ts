import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    walletAddress: text("wallet_address").notNull().unique("users_wallet_address_unique"),
    username: text("username").notNull(),
    role: text("role", { enum: ["customer", "seller", "admin"] }).notNull().default("customer"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("users_role_check", sql`${t.role} in ('customer', 'seller', 'admin')`),
    index("users_wallet_address_idx").on(t.walletAddress),
    index("users_created_at_idx").on(t.createdAt.desc()),
  ],
);
