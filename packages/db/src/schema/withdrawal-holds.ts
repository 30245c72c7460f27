import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { chainWithdrawals } from "./chain";
import { users } from "./users";

/**
 * Why a requested withdrawal waits before the sender may sign it: one row per rule that caught it, with the
 * reason shown to its owner and to admins. `new_address` clears by itself at `release_at`; `review` and
 * `dual_review` clear once `approvals_needed` different admins approved. `cancelled` (by the owner) and
 * `rejected` (by an admin) end the withdrawal, and only then may its money go back (see post_ledger).
 */
export const withdrawalHolds = pgTable(
  "withdrawal_holds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    withdrawalId: uuid("withdrawal_id")
      .notNull()
      .references(() => chainWithdrawals.id, { onDelete: "restrict" }),
    rule: text("rule", { enum: ["new_address", "review", "dual_review"] }).notNull(),
    reason: text("reason").notNull(),
    releaseAt: timestamp("release_at", { withTimezone: true }),
    approvalsNeeded: integer("approvals_needed").notNull().default(0),
    status: text("status", { enum: ["held", "cleared", "cancelled", "rejected"] }).notNull().default("held"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "restrict" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("withdrawal_holds_rule_unique").on(t.withdrawalId, t.rule),
    check("withdrawal_holds_rule_check", sql`${t.rule} in ('new_address', 'review', 'dual_review')`),
    check("withdrawal_holds_status_check", sql`${t.status} in ('held', 'cleared', 'cancelled', 'rejected')`),
    check("withdrawal_holds_approvals_check", sql`${t.approvalsNeeded} between 0 and 2`),
    index("withdrawal_holds_status_idx").on(t.status, t.createdAt),
  ],
);

/** One admin's approval of a review hold; the primary key makes the same admin count once. */
export const withdrawalHoldApprovals = pgTable(
  "withdrawal_hold_approvals",
  {
    holdId: uuid("hold_id")
      .notNull()
      .references(() => withdrawalHolds.id, { onDelete: "restrict" }),
    adminId: uuid("admin_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.holdId, t.adminId] })],
);
