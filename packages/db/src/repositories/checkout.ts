import { sql } from "drizzle-orm";
import type { Address, CheckoutRepository, Product } from "@caribex/domain";
import type { Db } from "../client";
import { encodeJson } from "./json";
import { rowsOf, toDate } from "./util";

const isoUtc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface ProductJson {
  id: string;
  sellerId: string;
  sellerName: string;
  title: string;
  description: string;
  price: string;
  currency: Product["currency"];
  quantity: number;
  images: string[];
  categoryId: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

type AddressJson = Omit<Address, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

interface SnapshotRow {
  cart_id: string;
  buyer_name: string | null;
  items: { productId: string; quantity: number }[] | string;
  products: ProductJson[] | string;
  address: AddressJson | string | null;
}

/** postgres.js parses json columns, PGlite hands some over as text. */
const parsed = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

export function checkoutRepository(db: Db): CheckoutRepository {
  return {
    async load(userId, addressId) {
      // One statement, under the buyer's row-level security: the cart row is locked (checkouts of one buyer run
      // one after another), and the lines, their products and the address are read with it.
      const [row] = rowsOf<SnapshotRow>(
        await db.execute(sql`
          with c as (select id from carts where user_id = ${userId} and status = 'open' for update)
          select c.id as cart_id,
                 (select username from users where id = ${userId}) as buyer_name,
                 (select coalesce(json_agg(json_build_object('productId', ci.product_id, 'quantity', ci.quantity)
                                           order by ci.created_at, ci.id), '[]')
                    from cart_items ci where ci.cart_id = c.id) as items,
                 (select coalesce(json_agg(json_build_object(
                           'id', p.id, 'sellerId', p.seller_id, 'sellerName', u.username, 'title', p.title,
                           'description', p.description, 'price', p.price::text, 'currency', p.currency,
                           'quantity', p.quantity, 'images', p.images, 'categoryId', p.category_id,
                           'isActive', p.is_active and u.suspended_at is null,
                           'createdAt', ${sql.raw(isoUtc("p.created_at"))}, 'updatedAt', ${sql.raw(isoUtc("p.updated_at"))})), '[]')
                    from products p join users u on u.id = p.seller_id
                   where p.id in (select product_id from cart_items where cart_id = c.id)) as products,
                 (select json_build_object(
                           'id', a.id, 'userId', a.user_id, 'name', a.name, 'line1', a.line1, 'line2', a.line2, 'city', a.city,
                           'region', a.region, 'postalCode', a.postal_code, 'country', a.country, 'phone', a.phone,
                           'createdAt', ${sql.raw(isoUtc("a.created_at"))}, 'updatedAt', ${sql.raw(isoUtc("a.updated_at"))})
                    from addresses a
                   where a.user_id = ${userId} and (${addressId}::uuid is null or a.id = ${addressId}::uuid)
                   order by a.updated_at desc, a.id desc limit 1) as address
            from c`),
      );
      if (!row) return null;
      const address = row.address ? parsed(row.address) : null;
      return {
        cart: { id: row.cart_id, userId, items: parsed(row.items) },
        buyerName: row.buyer_name ?? "",
        products: parsed(row.products).map((p) => ({
          ...p,
          price: BigInt(p.price),
          quantity: Number(p.quantity),
          createdAt: toDate(p.createdAt),
          updatedAt: toDate(p.updatedAt),
        })),
        address: address ? { ...address, createdAt: toDate(address.createdAt), updatedAt: toDate(address.updatedAt) } : null,
      };
    },

    async close(cartId, { scope, userId, key, result }) {
      await db.execute(sql`
        with closed as (update carts set status = 'checked_out', updated_at = now() where id = ${cartId})
        update idempotency_keys set result = ${JSON.stringify(encodeJson(result))}::jsonb
         where scope = ${scope} and user_id = ${userId} and key = ${key}`);
    },
  };
}
