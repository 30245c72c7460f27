import { sql, type SQL } from "drizzle-orm";
import type { Product } from "@caribex/domain";

/** A timestamp column as ISO-8601 UTC text (json_build_object would give the session's time zone). */
export const isoUtc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A product row (aliased `p`, joined to its seller as `u`) as JSON, for statements that read products with other
 * rows. Active means for sale: not archived, and the seller is not suspended (as `listed` in the products
 * repository).
 */
export const productJson: SQL = sql.raw(`json_build_object(
  'id', p.id, 'sellerId', p.seller_id, 'sellerName', u.username, 'title', p.title,
  'description', p.description, 'price', p.price::text, 'currency', p.currency,
  'quantity', p.quantity, 'images', p.images, 'categoryId', p.category_id,
  'isActive', p.is_active and u.suspended_at is null,
  'createdAt', ${isoUtc("p.created_at")}, 'updatedAt', ${isoUtc("p.updated_at")})`);

export interface ProductJson {
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

/** postgres.js parses json columns, PGlite hands some over as text. */
export const parsedJson = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

export const productFromJson = (p: ProductJson): Product => ({
  ...p,
  price: BigInt(p.price),
  quantity: Number(p.quantity),
  createdAt: new Date(p.createdAt),
  updatedAt: new Date(p.updatedAt),
});
