import { sql } from "drizzle-orm";
import type { Address, CheckoutRepository, Currency, PromotionForBuyer } from "@caribex/domain";
import type { Db } from "../client";
import { decodeJson, encodeJson } from "./json";
import { insertOrders } from "./orders";
import { isoUtc, parsedJson, productFromJson, productJson, type ProductJson } from "./product-json";
import { rowsOf, toDate } from "./util";

type AddressJson = Omit<Address, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

interface SnapshotRow {
  cart_id: string | null;
  claimed: boolean;
  stored: { requestHash: string; result: unknown } | string | null;
  buyer_name: string | null;
  items: { productId: string; quantity: number }[] | string | null;
  products: ProductJson[] | string;
  address: AddressJson | string | null;
  promotions?: PromotionJson[] | string | null;
}

// The promotions named by the buyer's codes, as JSON (bigints as text), with the buyer's own uses.
const promotionJson = sql.raw(`json_build_object(
  'id', pr.id, 'sellerId', pr.seller_id, 'code', pr.code, 'kind', pr.kind, 'percent', pr.percent,
  'amount', pr.amount::text, 'currency', pr.currency, 'minSubtotal', pr.min_subtotal::text,
  'startsAt', ${isoUtc("pr.starts_at")}, 'endsAt', ${isoUtc("pr.ends_at")}, 'usageLimit', pr.usage_limit,
  'perBuyerLimit', pr.per_buyer_limit, 'productIds', pr.product_ids, 'used', pr.used, 'isActive', pr.is_active,
  'buyerUses', pr.buyer_uses)`);

const promotionsOf = (codes: readonly string[]) =>
  sql`(select coalesce(json_agg(${promotionJson}), '[]') from promotions_for_codes(${codesArray(codes)}) pr)`;

const codesArray = (codes: readonly string[]) =>
  codes.length ? sql`array[${sql.join(codes.map((c) => sql`${c}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;

export function checkoutRepository(db: Db): CheckoutRepository {
  return {
    async load(userId, addressId, { scope, key }, promotionCodes = []) {
      // One statement, under the buyer's row-level security: the cart row is locked (checkouts of one buyer run
      // one after another), and the lines, their products and the address are read with it. The key is claimed
      // in the same statement: a second claim of it waits for the first transaction to end. A row stored before
      // this statement began is read back; one committed while it waited is not visible to it (claim unknown).
      const [row] = rowsOf<SnapshotRow>(
        await db.execute(sql`
          with c as (select id from carts where user_id = ${userId} and status = 'open' for update),
               claim as (insert into idempotency_keys (scope, user_id, key, request_hash) values (${scope}, ${userId}, ${key}, '')
                         on conflict do nothing returning 1)
          select c.id as cart_id,
                 exists (select 1 from claim) as claimed,
                 (select json_build_object('requestHash', k.request_hash, 'result', k.result) from idempotency_keys k
                   where k.scope = ${scope} and k.user_id = ${userId} and k.key = ${key}) as stored,
                 (select username from users where id = ${userId}) as buyer_name,
                 (select coalesce(json_agg(json_build_object('productId', ci.product_id, 'quantity', ci.quantity)
                                           order by ci.created_at, ci.id), '[]')
                    from cart_items ci where ci.cart_id = c.id) as items,
                 (select coalesce(json_agg(${productJson}), '[]')
                    from products p join users u on u.id = p.seller_id
                   where p.id in (select product_id from cart_items where cart_id = c.id)) as products,
                 (select json_build_object(
                           'id', a.id, 'userId', a.user_id, 'name', a.name, 'line1', a.line1, 'line2', a.line2, 'city', a.city,
                           'region', a.region, 'postalCode', a.postal_code, 'country', a.country, 'phone', a.phone,
                           'createdAt', ${sql.raw(isoUtc("a.created_at"))}, 'updatedAt', ${sql.raw(isoUtc("a.updated_at"))})
                    from addresses a
                   where a.user_id = ${userId} and (${addressId}::uuid is null or a.id = ${addressId}::uuid)
                   order by a.updated_at desc, a.id desc limit 1) as address${promotionCodes.length ? sql`,
                 ${promotionsOf(promotionCodes)} as promotions` : sql``}
            from (select 1) as one left join c on true`),
      );
      const stored = row?.stored ? parsedJson(row.stored) : null;
      const claim = row?.claimed
        ? ({ state: "new" } as const)
        : stored
          ? ({ state: "done", requestHash: stored.requestHash, result: decodeJson(stored.result ?? null) } as const)
          : ({ state: "unknown" } as const);
      if (!row?.cart_id) return { snapshot: null, claim };
      const address = row.address ? parsedJson(row.address) : null;
      return {
        snapshot: {
          cart: { id: row.cart_id, userId, items: parsedJson(row.items ?? []) },
          buyerName: row.buyer_name ?? "",
          products: parsedJson(row.products).map(productFromJson),
          address: address ? { ...address, createdAt: toDate(address.createdAt), updatedAt: toDate(address.updatedAt) } : null,
          promotions: promotionsFromJson(row.promotions),
        },
        claim,
      };
    },

    async review(userId, promotionCodes) {
      const [row] = rowsOf<{ cart_id: string | null; items: SnapshotRow["items"]; products: SnapshotRow["products"]; promotions: SnapshotRow["promotions"] }>(
        await db.execute(sql`
          with c as (select id from carts where user_id = ${userId} and status = 'open')
          select c.id as cart_id,
                 (select coalesce(json_agg(json_build_object('productId', ci.product_id, 'quantity', ci.quantity)
                                           order by ci.created_at, ci.id), '[]')
                    from cart_items ci where ci.cart_id = c.id) as items,
                 (select coalesce(json_agg(${productJson}), '[]')
                    from products p join users u on u.id = p.seller_id
                   where p.id in (select product_id from cart_items where cart_id = c.id)) as products,
                 ${promotionsOf(promotionCodes)} as promotions
            from (select 1) as one left join c on true`),
      );
      return {
        cart: row?.cart_id ? { id: row.cart_id, userId, items: parsedJson(row.items ?? []) } : null,
        products: row?.cart_id ? parsedJson(row.products).map(productFromJson) : [],
        promotions: promotionsFromJson(row?.promotions),
      };
    },

    placeOrders(drafts, { cartId, scope, userId, key, requestHash, result }) {
      // The closed cart's owner gets a fresh open cart in the same statement (the next cart change finds it and
      // need not create one). It is inserted from the update's output, so it runs after the old cart left the
      // "one open cart per user" index.
      return insertOrders(
        db,
        drafts,
        (orderIds) => sql`,
          closed as (update carts set status = 'checked_out', updated_at = now() where id = ${cartId} returning user_id),
          reopened as (insert into carts (user_id) select user_id from closed on conflict do nothing),
          stored as (update idempotency_keys set request_hash = ${requestHash}, result = ${JSON.stringify(encodeJson(result(orderIds)))}::jsonb
                      where scope = ${scope} and user_id = ${userId} and key = ${key})`,
      );
    },
  };
}

interface PromotionJson {
  id: string;
  sellerId: string;
  code: string;
  kind: "percent" | "fixed";
  percent: number | null;
  amount: string | null;
  currency: Currency | null;
  minSubtotal: string | null;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perBuyerLimit: number | null;
  productIds: string[] | null;
  used: number;
  isActive: boolean;
  buyerUses: number;
}

function promotionsFromJson(value: PromotionJson[] | string | null | undefined): PromotionForBuyer[] {
  if (!value) return [];
  return parsedJson(value).map((p) => ({
    ...p,
    amount: p.amount === null ? null : BigInt(p.amount),
    minSubtotal: p.minSubtotal === null ? null : BigInt(p.minSubtotal),
    startsAt: p.startsAt === null ? null : toDate(p.startsAt),
    endsAt: p.endsAt === null ? null : toDate(p.endsAt),
    // Not read at checkout.
    createdAt: new Date(0),
  }));
}
