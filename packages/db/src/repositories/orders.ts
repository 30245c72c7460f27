import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Order, OrderItem, OrderRepository } from "@caribex/domain";
import type { Db } from "../client";
import { orderItems, orders } from "../schema";
import { offsetOf, pageOf, rowsOf, toDate } from "./util";

// Raw results skip drizzle's column mapping, and the driver hands timestamps over as text.
const isoUtc = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

interface CreatedRow {
  created_at: Date | string;
  updated_at: Date | string;
}

type OrderRow = typeof orders.$inferSelect;

interface TransitionedRow extends CreatedRow {
  id: string;
  buyer_id: string;
  seller_id: string;
  status: OrderRow["status"];
  currency: OrderRow["currency"];
  total: string;
}

const orderColumns = {
  id: orders.id,
  buyerId: orders.buyerId,
  sellerId: orders.sellerId,
  status: orders.status,
  currency: orders.currency,
  total: orders.total,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
};

export function orderRepository(db: Db): OrderRepository {
  async function withItems(rows: Omit<OrderRow, "checkoutKey">[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const items = await db
      .select({
        orderId: orderItems.orderId,
        productId: orderItems.productId,
        title: orderItems.title,
        unitPrice: orderItems.unitPrice,
        quantity: orderItems.quantity,
      })
      .from(orderItems)
      .where(
        inArray(
          orderItems.orderId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(orderItems.id));
    const byOrder = new Map<string, OrderItem[]>();
    for (const { orderId, ...item } of items) {
      const list = byOrder.get(orderId) ?? [];
      list.push(item);
      byOrder.set(orderId, list);
    }
    return rows.map((r) => ({ ...r, items: byOrder.get(r.id) ?? [] }));
  }

  async function one(where: SQL, lock = false): Promise<Order | null> {
    const base = db.select(orderColumns).from(orders).where(where);
    const rows = lock ? await base.for("update") : await base;
    const [order] = await withItems(rows);
    return order ?? null;
  }

  return {
    async create(order) {
      const total = order.items.reduce((sum, i) => sum + i.unitPrice * BigInt(i.quantity), 0n);
      // The id is chosen here so the order and its lines go in with one statement; the foreign key from the
      // lines is checked at the end of that statement, when the order row exists.
      const id = randomUUID();
      const insertOrder = db.insert(orders).values({
        id,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        currency: order.currency,
        status: order.status,
        checkoutKey: order.checkoutKey,
        total,
      });
      const lines = order.items.length
        ? sql`, lines as (${db.insert(orderItems).values(order.items.map((i) => ({ ...i, orderId: id }))).getSQL()})`
        : sql``;
      const [row] = rowsOf<CreatedRow>(
        await db.execute(sql`with o as (${insertOrder.getSQL()} returning created_at, updated_at)${lines} select ${isoUtc("created_at")} as created_at, ${isoUtc("updated_at")} as updated_at from o`),
      );
      return {
        id,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        status: order.status,
        currency: order.currency,
        total,
        createdAt: toDate(row!.created_at),
        updatedAt: toDate(row!.updated_at),
        items: order.items.map((i) => ({ ...i })),
      };
    },
    findById: (id) => one(eq(orders.id, id)),
    async findManyByIds(ids) {
      if (ids.length === 0) return [];
      return withItems(await db.select(orderColumns).from(orders).where(inArray(orders.id, ids)));
    },
    lockById: (id) => one(eq(orders.id, id), true),
    async transition(id, from, to) {
      // transition_order (money_rls migration) checks the edge and the actor's part in the order; users cannot
      // update orders directly.
      const rows = rowsOf<TransitionedRow>(
        await db.execute(sql`
          select o.id, o.buyer_id, o.seller_id, o.status, o.currency, o.total::text as total,
                 ${isoUtc("o.created_at")} as created_at, ${isoUtc("o.updated_at")} as updated_at
            from transition_order(${id}::uuid, ${from}, ${to}) o`),
      );
      const [order] = await withItems(
        rows.map((r) => ({
          id: r.id,
          buyerId: r.buyer_id,
          sellerId: r.seller_id,
          status: r.status,
          currency: r.currency,
          total: BigInt(r.total),
          createdAt: toDate(r.created_at),
          updatedAt: toDate(r.updated_at),
        })),
      );
      return order ?? null;
    },
    async list(q) {
      const filters: SQL[] = [];
      if (q.status) filters.push(eq(orders.status, q.status));
      if (q.buyerId) filters.push(eq(orders.buyerId, q.buyerId));
      if (q.sellerId) filters.push(eq(orders.sellerId, q.sellerId));
      const where = filters.length ? and(...filters) : undefined;
      const [rows, [totalRow]] = await Promise.all([
        db.select(orderColumns).from(orders).where(where).orderBy(desc(orders.createdAt), desc(orders.id)).limit(q.pageSize).offset(offsetOf(q)),
        db.select({ n: count() }).from(orders).where(where),
      ]);
      return pageOf(await withItems(rows), totalRow?.n ?? 0, q);
    },
  };
}
