import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { NewOrder, Order, OrderItem, OrderRepository } from "@caribex/domain";
import type { Db } from "../client";
import { orderItems, orders, users } from "../schema";
import { offsetOf, pageOf, rowsOf, toDate } from "./util";

// Raw results skip drizzle's column mapping, and the driver hands timestamps over as text.
const isoUtc = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

interface CreatedRow {
  created_at: Date | string;
  updated_at: Date | string;
  number: number | string;
  /** Buyer and seller id → username, as JSON. */
  names: Record<string, string> | string | null;
}

type OrderRow = typeof orders.$inferSelect;

const orderColumns = {
  id: orders.id,
  number: orders.number,
  buyerId: orders.buyerId,
  sellerId: orders.sellerId,
  status: orders.status,
  currency: orders.currency,
  total: orders.total,
  discount: orders.discount,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
  shippingAddress: orders.shippingAddress,
  carrier: orders.carrier,
  trackingNumber: orders.trackingNumber,
  shippedAt: orders.shippedAt,
  disputeReason: orders.disputeReason,
  resolutionNote: orders.resolutionNote,
};

type OrderColumnsRow = Omit<OrderRow, "checkoutKey" | "promotionId">;

/**
 * Orders and all their lines go in with one statement. Ids are chosen here so the lines can name their order;
 * the foreign key from the lines is checked at the end of that statement, when the order rows exist. `more`
 * adds further data-modifying steps to the same statement (given the new orders' ids, in draft order): each is
 * `, name as (…)`.
 */
export async function insertOrders(db: Db, drafts: NewOrder[], more?: (orderIds: string[]) => SQL): Promise<Order[]> {
  if (drafts.length === 0) return [];
  const planned = drafts.map((order) => ({ order, id: randomUUID() }));
  const ordersInsert = db.insert(orders).values(
    planned.map(({ order, id }) => ({
      id,
      buyerId: order.buyerId,
      sellerId: order.sellerId,
      currency: order.currency,
      status: order.status,
      checkoutKey: order.checkoutKey,
      shippingAddress: order.shippingAddress ?? null,
      total: order.total,
      discount: order.discount ?? 0n,
      promotionId: order.promotionId ?? null,
    })),
  );
  const lines = planned.flatMap(({ order, id }) => order.items.map((i) => ({ ...i, orderId: id })));
  const insertLines = lines.length ? sql`, lines as (${db.insert(orderItems).values(lines).getSQL()})` : sql``;
  const partyIds = [...new Set(drafts.flatMap((d) => [d.buyerId, d.sellerId]))];
  const rows = rowsOf<CreatedRow & { id: string; status: Order["status"] }>(
    await db.execute(sql`with o as (${ordersInsert.getSQL()} returning id, number, status, created_at, updated_at)${insertLines}${more ? more(planned.map((p) => p.id)) : sql``}
      select o.id, o.number, o.status, ${isoUtc("o.created_at")} as created_at, ${isoUtc("o.updated_at")} as updated_at,
             (select json_object_agg(u.id, u.username) from ${users} u where u.id in (${sql.join(partyIds.map((id) => sql`${id}::uuid`), sql`, `)})) as names
        from o`),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return planned.map(({ order, id }) => {
    const row = byId.get(id)!;
    const names = (typeof row.names === "string" ? JSON.parse(row.names) : row.names) as Record<string, string> | null;
    return {
      id,
      number: Number(row.number),
      buyerId: order.buyerId,
      sellerId: order.sellerId,
      status: row.status,
      currency: order.currency,
      total: order.total,
      discount: order.discount ?? 0n,
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
      items: order.items.map((i) => ({ ...i })),
      buyerName: names?.[order.buyerId] ?? "",
      sellerName: names?.[order.sellerId] ?? "",
      shippingAddress: order.shippingAddress ?? null,
      carrier: null,
      trackingNumber: null,
      shippedAt: null,
      disputeReason: null,
      resolutionNote: null,
    };
  });
}


export function orderRepository(db: Db): OrderRepository {
  async function withItems(rows: OrderColumnsRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    // Usernames are public (users_read), so both parties' names are visible to whoever may see the order.
    const partyIds = [...new Set(rows.flatMap((r) => [r.buyerId, r.sellerId]))];
    const parties = await db.select({ id: users.id, username: users.username, suspendedAt: users.suspendedAt }).from(users).where(inArray(users.id, partyIds));
    const names = new Map(parties.map((u) => [u.id, u.username]));
    const suspended = new Set(parties.filter((u) => u.suspendedAt !== null).map((u) => u.id));
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
    return rows.map((r) => ({ ...r, buyerName: names.get(r.buyerId) ?? "", sellerName: names.get(r.sellerId) ?? "", sellerSuspended: suspended.has(r.sellerId), items: byOrder.get(r.id) ?? [] }));
  }

  async function one(where: SQL, lock = false): Promise<Order | null> {
    const base = db.select(orderColumns).from(orders).where(where);
    const rows = lock ? await base.for("update") : await base;
    const [order] = await withItems(rows);
    return order ?? null;
  }

  return {
    async create(order) {
      const [created] = await insertOrders(db, [order]);
      return created!;
    },
    createMany: (drafts) => insertOrders(db, drafts),
    findById: (id) => one(eq(orders.id, id)),
    async findManyByIds(ids) {
      if (ids.length === 0) return [];
      return withItems(await db.select(orderColumns).from(orders).where(inArray(orders.id, ids)));
    },
    lockById: (id) => one(eq(orders.id, id), true),
    async transition(id, from, to, facts = {}) {
      // transition_order (drizzle/repeatable/functions/transition_order.sql) checks the edge and the actor's part in the order and
      // records the shipment or dispute details; users cannot update orders directly.
      const details = {
        ...(facts.carrier !== undefined ? { carrier: facts.carrier } : {}),
        ...(facts.trackingNumber !== undefined ? { tracking_number: facts.trackingNumber } : {}),
        ...(facts.disputeReason !== undefined ? { dispute_reason: facts.disputeReason } : {}),
        ...(facts.resolutionNote !== undefined ? { resolution_note: facts.resolutionNote } : {}),
      };
      const [moved] = rowsOf<{ id: string }>(
        await db.execute(sql`select o.id from transition_order(${id}::uuid, ${from}, ${to}, ${JSON.stringify(details)}::jsonb) o`),
      );
      if (!moved) return null;
      const order = await one(eq(orders.id, moved.id));
      return order ?? null;
    },
    async coPurchased(productId, limit) {
      // also_bought (drizzle/repeatable/functions/also_bought.sql) reads every buyer's orders and returns only product ids.
      const rows = rowsOf<{ product_id: string }>(await db.execute(sql`select product_id from also_bought(${productId}::uuid, ${limit}::int)`));
      return rows.map((r) => r.product_id);
    },
    async dueForRelease(cutoff, limit) {
      const rows = await db
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.status, "shipped"), lte(orders.shippedAt, cutoff)))
        .orderBy(asc(orders.shippedAt), asc(orders.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async list(q) {
      const filters: SQL[] = [];
      if (q.status) filters.push(eq(orders.status, q.status));
      if (q.number !== undefined) filters.push(eq(orders.number, q.number));
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
