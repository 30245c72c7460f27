import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Role, User, UserRepository } from "@caribex/domain";
import type { Db } from "../client";
import { users } from "../schema";
import { offsetOf, pageOf } from "./util";

const columns = {
  id: users.id,
  walletAddress: users.walletAddress,
  username: users.username,
  role: users.role,
  suspendedAt: users.suspendedAt,
  suspensionReason: users.suspensionReason,
  createdAt: users.createdAt,
};

export function userRepository(db: Db): UserRepository {
  return {
    async findById(id) {
      const [row] = await db.select(columns).from(users).where(eq(users.id, id));
      return row ?? null;
    },
    async findByAddress(walletAddress) {
      const [row] = await db.select(columns).from(users).where(eq(users.walletAddress, walletAddress));
      return row ?? null;
    },
    async upsertByAddress(walletAddress, username) {
      const [created] = await db.insert(users).values({ walletAddress, username }).onConflictDoNothing({ target: users.walletAddress }).returning(columns);
      if (created) return { user: created, created: true };
      const [existing] = await db.select(columns).from(users).where(eq(users.walletAddress, walletAddress));
      if (!existing) throw new Error("User vanished between insert and select");
      return { user: existing, created: false };
    },
    async list(q) {
      const filters: SQL[] = [];
      if (q.role) filters.push(eq(users.role, q.role));
      const term = q.search?.trim();
      if (term) {
        const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        filters.push(or(ilike(users.username, pattern), ilike(users.walletAddress, pattern))!);
      }
      const where = filters.length ? and(...filters) : undefined;
      const [items, [totalRow]] = await Promise.all([
        db.select(columns).from(users).where(where).orderBy(desc(users.createdAt), desc(users.id)).limit(q.pageSize).offset(offsetOf(q)),
        db.select({ n: count() }).from(users).where(where),
      ]);
      return pageOf<User>(items, totalRow?.n ?? 0, q);
    },
    async setRole(id, role: Role) {
      const [row] = await db.update(users).set({ role, updatedAt: sql`now()` }).where(eq(users.id, id)).returning(columns);
      return row ?? null;
    },
    async setSuspension(id, suspension) {
      const [row] = await db
        .update(users)
        .set({ suspendedAt: suspension?.at ?? null, suspensionReason: suspension?.reason ?? null, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning(columns);
      return row ?? null;
    },
    async lockById(id) {
      const [row] = await db.select(columns).from(users).where(eq(users.id, id)).for("update");
      return row ?? null;
    },
    async lockAdmins() {
      const rows = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).orderBy(users.id).for("update");
      return rows.map((r) => r.id);
    },
  };
}
