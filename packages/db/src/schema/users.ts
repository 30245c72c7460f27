import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    walletAddress: text("wallet_address").notNull().unique("users_wallet_address_unique"),
    username: text("username").notNull(),
    role: text("role", { enum: ["customer", "seller", "admin"] }).notNull().default("customer"),
    /** Set while an admin has suspended the user: no sign-in, no money movements. */
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    suspensionReason: text("suspension_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("users_role_check", sql`${t.role} in ('customer', 'seller', 'admin')`),
    check("users_suspension_check", sql`(${t.suspendedAt} is null) = (${t.suspensionReason} is null)`),
    index("users_wallet_address_idx").on(t.walletAddress),
    index("users_created_at_idx").on(t.createdAt.desc()),
    // Display names are unique whatever their case, so nobody passes for someone else.
    uniqueIndex("users_username_lower_idx").on(sql`lower(${t.username})`),
  ],
);
