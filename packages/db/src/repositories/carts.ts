import { and, eq, sql, type SQL } from "drizzle-orm";
import type { CartRepository, Product, StoredCart } from "@caribex/domain";
import type { Db } from "../client";
import { cartItems, carts } from "../schema";
import { parsedJson, productFromJson, productJson, type ProductJson } from "./product-json";
import { rowsOf } from "./util";

type CartLine = StoredCart["items"][number];

interface CartWithProductsRow {
  cart_id: string | null;
  items: CartLine[] | string | null;
  products: ProductJson[] | string;
}

const uuidList = (ids: string[]): SQL => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

export function cartRepository(db: Db): CartRepository {
  // The cart row with its lines, in one statement.
  const lines = sql<CartLine[] | string>`(select coalesce(json_agg(json_build_object('productId', ci.product_id, 'quantity', ci.quantity) order by ci.created_at, ci.id), '[]')
      from cart_items ci where ci.cart_id = carts.id)`;

  async function open(userId: string, lock: boolean): Promise<StoredCart> {
    // Look first and create only when missing. A cart this transaction has just created needs no lock (no one
    // else can see it before the commit) and has no items. A concurrent checkout can close the cart while we
    // wait for its lock (the select then skips it), and a concurrent creator can win the insert; the next round
    // finds the open cart.
    for (let attempt = 0; attempt < 3; attempt++) {
      const base = db
        .select({ id: carts.id, userId: carts.userId, items: lines })
        .from(carts)
        .where(and(eq(carts.userId, userId), eq(carts.status, "open")));
      const [cart] = lock ? await base.for("update") : await base;
      if (cart) return { id: cart.id, userId: cart.userId, items: typeof cart.items === "string" ? (JSON.parse(cart.items) as CartLine[]) : cart.items };
      // The partial unique index allows one open cart per user.
      const [created] = await db
        .insert(carts)
        .values({ userId })
        .onConflictDoNothing({ target: carts.userId, where: sql`status = 'open'` })
        .returning({ id: carts.id, userId: carts.userId });
      if (created) return { ...created, items: [] };
    }
    throw new Error("Open cart not visible after creation");
  }

  const touch = (cartId: string) => db.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, cartId));

  async function productsByIds(ids: string[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const [row] = rowsOf<{ products: ProductJson[] | string }>(
      await db.execute(sql`select coalesce(json_agg(${productJson}), '[]') as products
        from products p join users u on u.id = p.seller_id where p.id in (${uuidList(ids)})`),
    );
    return parsedJson(row?.products ?? []).map(productFromJson);
  }

  return {
    getOpen: (userId) => open(userId, false),
    lockOpen: (userId) => open(userId, true),
    async lockOpenWith(userId, productIds) {
      // One statement: the open cart locked, its lines, and the products of its lines and of `productIds`. The
      // products are read even when there is no open cart yet (it is then created, and is empty).
      const wanted = [...new Set(productIds)];
      const [row] = rowsOf<CartWithProductsRow>(
        await db.execute(sql`
          with c as (select id from carts where user_id = ${userId} and status = 'open' for update)
          select c.id as cart_id,
                 (select coalesce(json_agg(json_build_object('productId', ci.product_id, 'quantity', ci.quantity)
                                           order by ci.created_at, ci.id), '[]')
                    from cart_items ci where ci.cart_id = c.id) as items,
                 (select coalesce(json_agg(${productJson}), '[]')
                    from products p join users u on u.id = p.seller_id
                   where p.id in (select ci.product_id from cart_items ci where ci.cart_id = c.id)
                      ${wanted.length > 0 ? sql`or p.id in (${uuidList(wanted)})` : sql``}) as products
            from (select 1) as one left join c on true`),
      );
      const products = parsedJson(row?.products ?? []).map(productFromJson);
      if (row?.cart_id) return { cart: { id: row.cart_id, userId, items: parsedJson(row.items ?? []) }, products };
      const cart = await open(userId, true);
      // Only when another transaction created the cart and filled it meanwhile are there lines not read above.
      const read = new Set(products.map((p) => p.id));
      const missing = [...new Set(cart.items.map((i) => i.productId))].filter((id) => !read.has(id));
      return { cart, products: [...products, ...(await productsByIds(missing))] };
    },
    async setItem(cartId, productId, quantity) {
      // One round trip: the line and the cart's timestamp change together. Written out (not built per call): it
      // runs on every cart change. clock_timestamp, not the transaction's now(): lines added in one transaction
      // keep their order.
      await db.execute(sql`with line as (
          insert into cart_items (cart_id, product_id, quantity, created_at) values (${cartId}, ${productId}, ${quantity}, clock_timestamp())
          on conflict (cart_id, product_id) do update set quantity = excluded.quantity)
        update carts set updated_at = now() where id = ${cartId}`);
    },
    async removeItem(cartId, productId) {
      await db.delete(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
      await touch(cartId);
    },
    async clear(cartId) {
      await db.delete(cartItems).where(eq(cartItems.cartId, cartId));
      await touch(cartId);
    },
    async markCheckedOut(cartId) {
      await db.update(carts).set({ status: "checked_out", updatedAt: sql`now()` }).where(eq(carts.id, cartId));
    },
  };
}
