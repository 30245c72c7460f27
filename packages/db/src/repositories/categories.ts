import { asc, count, eq } from "drizzle-orm";
import { DomainError, type CategoryRepository } from "@caribex/domain";
import type { Db } from "../client";
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, pgErrorCode } from "../errors";
import { categories, products } from "../schema";

function slugTaken(e: unknown, slug: string | undefined): never {
  if (pgErrorCode(e) === UNIQUE_VIOLATION) {
    throw new DomainError("CATEGORY.SLUG_TAKEN", "Another category already uses this slug", { slug });
  }
  throw e;
}

export function categoryRepository(db: Db): CategoryRepository {
  return {
    list: () => db.select().from(categories).orderBy(asc(categories.name), asc(categories.id)),
    async findById(id) {
      const [row] = await db.select().from(categories).where(eq(categories.id, id));
      return row ?? null;
    },
    async create(input) {
      try {
        const [row] = await db.insert(categories).values(input).returning();
        return row!;
      } catch (e) {
        return slugTaken(e, input.slug);
      }
    },
    async update(id, input) {
      const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      try {
        if (Object.keys(patch).length === 0) {
          const [row] = await db.select().from(categories).where(eq(categories.id, id));
          return row ?? null;
        }
        const [row] = await db.update(categories).set(patch).where(eq(categories.id, id)).returning();
        return row ?? null;
      } catch (e) {
        return slugTaken(e, input.slug);
      }
    },
    async countProducts(id) {
      const [row] = await db.select({ n: count() }).from(products).where(eq(products.categoryId, id));
      return row?.n ?? 0;
    },
    async delete(id) {
      try {
        const rows = await db.delete(categories).where(eq(categories.id, id)).returning({ id: categories.id });
        return rows.length > 0;
      } catch (e) {
        if (pgErrorCode(e) === FOREIGN_KEY_VIOLATION) {
          throw new DomainError("CATEGORY.IN_USE", "Products still use this category", { categoryId: id });
        }
        throw e;
      }
    },
  };
}
