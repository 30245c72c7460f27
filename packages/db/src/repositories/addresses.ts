import { and, desc, eq, sql } from "drizzle-orm";
import type { Address, AddressRepository } from "@caribex/domain";
import type { Db } from "../client";
import { addresses } from "../schema";

const columns = {
  id: addresses.id,
  userId: addresses.userId,
  name: addresses.name,
  line1: addresses.line1,
  line2: addresses.line2,
  city: addresses.city,
  region: addresses.region,
  postalCode: addresses.postalCode,
  country: addresses.country,
  phone: addresses.phone,
  createdAt: addresses.createdAt,
  updatedAt: addresses.updatedAt,
};

export function addressRepository(db: Db): AddressRepository {
  const owned = (userId: string, id: string) => and(eq(addresses.userId, userId), eq(addresses.id, id));
  const newestFirst = [desc(addresses.updatedAt), desc(addresses.id)] as const;

  return {
    list: (userId) => db.select(columns).from(addresses).where(eq(addresses.userId, userId)).orderBy(...newestFirst),
    async findForUser(userId, id) {
      const [row] = await db.select(columns).from(addresses).where(owned(userId, id));
      return row ?? null;
    },
    async latestForUser(userId) {
      const [row] = await db
        .select(columns)
        .from(addresses)
        .where(eq(addresses.userId, userId))
        .orderBy(...newestFirst)
        .limit(1);
      return row ?? null;
    },
    async create(userId, fields) {
      const [row] = await db
        .insert(addresses)
        .values({ ...fields, userId })
        .returning(columns);
      return row!;
    },
    async update(userId, id, fields) {
      const [row] = await db
        .update(addresses)
        .set({ ...fields, updatedAt: sql`now()` })
        .where(owned(userId, id))
        .returning(columns);
      return (row as Address | undefined) ?? null;
    },
    async delete(userId, id) {
      const rows = await db.delete(addresses).where(owned(userId, id)).returning({ id: addresses.id });
      return rows.length > 0;
    },
  };
}
