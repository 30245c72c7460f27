import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DomainError, NO_RATINGS, type RatingDistribution, type Review, type ReviewRepository } from "@caribex/domain";
import type { Db } from "../client";
import { pgConstraint, pgErrorCode, UNIQUE_VIOLATION } from "../errors";
import { orderItems, orders, products, reviews, users } from "../schema";
import { decodeCursor, encodeCursor } from "./ledger";

const buyers = alias(users, "buyer");

const columns = {
  id: reviews.id,
  orderItemId: reviews.orderItemId,
  productId: reviews.productId,
  // An archived product's reviews keep its name for the people who may still read them.
  productTitle: sql<string>`coalesce(${products.title}, '')`,
  buyerId: reviews.buyerId,
  buyerName: buyers.username,
  sellerId: reviews.sellerId,
  rating: reviews.rating,
  body: reviews.body,
  reply: reviews.reply,
  repliedAt: reviews.repliedAt,
  hiddenAt: reviews.hiddenAt,
  hiddenReason: reviews.hiddenReason,
  createdAt: reviews.createdAt,
  // The exact (microsecond) time, for the cursor.
  createdAtText: sql<string>`${reviews.createdAt}::text`,
};

type Row = Review & { createdAtText: string };

const toReview = ({ createdAtText: _, ...r }: Row): Review => r;

export function reviewRepository(db: Db): ReviewRepository {
  const select = () =>
    db.select(columns).from(reviews).innerJoin(buyers, eq(buyers.id, reviews.buyerId)).leftJoin(products, eq(products.id, reviews.productId));

  async function findById(id: string): Promise<Review | null> {
    const [row] = await select().where(eq(reviews.id, id));
    return row ? toReview(row) : null;
  }

  return {
    findById,

    async target(orderItemId) {
      const [row] = await db
        .select({
          orderItemId: orderItems.id,
          productId: orderItems.productId,
          sellerId: orders.sellerId,
          buyerId: orders.buyerId,
          orderStatus: orders.status,
          reviewId: reviews.id,
        })
        .from(orderItems)
        .innerJoin(orders, eq(orders.id, orderItems.orderId))
        .leftJoin(reviews, eq(reviews.orderItemId, orderItems.id))
        .where(eq(orderItems.id, orderItemId));
      return row ?? null;
    },

    async create(draft) {
      try {
        const [row] = await db.insert(reviews).values(draft).returning({ id: reviews.id });
        return (await findById(row!.id))!;
      } catch (e) {
        if (pgErrorCode(e) === UNIQUE_VIOLATION && pgConstraint(e) === "reviews_order_item_id_idx") {
          throw new DomainError("REVIEW.ALREADY_REVIEWED", "This item has already been reviewed", { orderItemId: draft.orderItemId });
        }
        throw e;
      }
    },

    async list(q) {
      const filters: SQL[] = [];
      if (q.productId) filters.push(eq(reviews.productId, q.productId));
      if (q.sellerId) filters.push(eq(reviews.sellerId, q.sellerId));
      if (!q.includeHidden) filters.push(isNull(reviews.hiddenAt));
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        filters.push(sql`(${reviews.createdAt}, ${reviews.id}) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`);
      }
      const rows = await select()
        .where(and(...filters))
        .orderBy(desc(reviews.createdAt), desc(reviews.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map(toReview), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAtText, last.id) : null };
    },

    async linesOfOrder(orderId) {
      const rows = await db
        .select({ orderItemId: orderItems.id, productId: orderItems.productId, title: orderItems.title, reviewId: reviews.id })
        .from(orderItems)
        .leftJoin(reviews, eq(reviews.orderItemId, orderItems.id))
        .where(eq(orderItems.orderId, orderId))
        .orderBy(orderItems.title, orderItems.id);
      const written = await Promise.all(rows.map((r) => (r.reviewId ? findById(r.reviewId) : null)));
      return rows.map((r, i) => ({ orderItemId: r.orderItemId, productId: r.productId, title: r.title, review: written[i] ?? null }));
    },

    async reply(id, sellerId, body) {
      const rows = await db
        .update(reviews)
        .set({ reply: body, repliedAt: sql`now()` })
        .where(and(eq(reviews.id, id), eq(reviews.sellerId, sellerId), isNull(reviews.reply), isNull(reviews.hiddenAt)))
        .returning({ id: reviews.id });
      return rows.length ? findById(id) : null;
    },

    async hide(id, adminId, reason) {
      const rows = await db
        .update(reviews)
        .set({ hiddenAt: sql`now()`, hiddenReason: reason, hiddenBy: adminId })
        .where(and(eq(reviews.id, id), isNull(reviews.hiddenAt)))
        .returning({ id: reviews.id });
      return rows.length ? findById(id) : null;
    },

    async distributions(productIds) {
      const out = new Map<string, RatingDistribution>();
      if (productIds.length === 0) return out;
      for (const id of productIds) out.set(id, NO_RATINGS);
      const rows = await db
        .select({ productId: reviews.productId, rating: reviews.rating, n: sql<number>`count(*)::int` })
        .from(reviews)
        .where(and(inArray(reviews.productId, [...new Set(productIds)]), isNull(reviews.hiddenAt)))
        .groupBy(reviews.productId, reviews.rating);
      for (const r of rows) {
        const d = [...out.get(r.productId)!] as [number, number, number, number, number];
        d[r.rating - 1] = Number(r.n);
        out.set(r.productId, d);
      }
      return out;
    },
  };
}
