import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { defaultUsername, DomainError, type Role, type User, type UserRepository } from "@caribex/domain";
import type { Db } from "../client";
import { users } from "../schema";
import { pgErrorCode, UNIQUE_VIOLATION } from "../errors";
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
      // No target: a known address and a display name someone already has both end in "nothing inserted".
      const [created] = await db.insert(users).values({ walletAddress, username }).onConflictDoNothing().returning(columns);
      if (created) return { user: created, created: true };
      const [existing] = await db.select(columns).from(users).where(eq(users.walletAddress, walletAddress));
      if (existing) return { user: existing, created: false };
      // A new address whose name was taken: the whole address as the name, which nobody else can hold (people
      // cannot choose names of that form).
      const [retried] = await db
        .insert(users)
        .values({ walletAddress, username: defaultUsername(walletAddress, true) })
        .onConflictDoNothing({ target: users.walletAddress })
        .returning(columns);
      if (retried) return { user: retried, created: true };
      const [raced] = await db.select(columns).from(users).where(eq(users.walletAddress, walletAddress));
      if (!raced) throw new Error("User vanished between insert and select");
      return { user: raced, created: false };
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
    async setUsername(id, username) {
      try {
        const [row] = await db.update(users).set({ username, updatedAt: sql`now()` }).where(eq(users.id, id)).returning(columns);
        return row ?? null;
      } catch (e) {
        if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new DomainError("USER.USERNAME_TAKEN", "Someone already uses that display name", { field: "username" });
        throw e;
      }
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
