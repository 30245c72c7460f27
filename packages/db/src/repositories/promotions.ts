import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Promotion, PromotionRepository } from "@caribex/domain";
import type { Db } from "../client";
import { products, promotions } from "../schema";

type Row = typeof promotions.$inferSelect;

const toPromotion = (r: Row): Promotion => ({
  id: r.id,
  sellerId: r.sellerId,
  code: r.code,
  kind: r.kind,
  percent: r.percent,
  amount: r.amount,
  currency: r.currency,
  minSubtotal: r.minSubtotal,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  usageLimit: r.usageLimit,
  perBuyerLimit: r.perBuyerLimit,
  productIds: r.productIds,
  used: r.used,
  isActive: r.isActive,
  createdAt: r.createdAt,
});

export function promotionRepository(db: Db): PromotionRepository {
  return {
    async create(draft) {
      // A code the seller already has (any case) hits promotions_seller_code_idx: nothing is inserted.
      const [row] = await db.insert(promotions).values(draft).onConflictDoNothing().returning();
      return row ? toPromotion(row) : null;
    },
    async listForSeller(sellerId) {
      const rows = await db.select().from(promotions).where(eq(promotions.sellerId, sellerId)).orderBy(desc(promotions.createdAt), desc(promotions.id));
      return rows.map(toPromotion);
    },
    async deactivate(id, sellerId) {
      const [row] = await db
        .update(promotions)
        .set({ isActive: false })
        .where(and(eq(promotions.id, id), eq(promotions.sellerId, sellerId)))
        .returning();
      return row ? toPromotion(row) : null;
    },
    async countOwnProducts(sellerId, productIds) {
      if (productIds.length === 0) return 0;
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(products)
        .where(and(eq(products.sellerId, sellerId), inArray(products.id, [...productIds])));
      return Number(row?.n ?? 0);
    },
  };
}
