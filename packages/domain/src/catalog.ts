import { DomainError } from "./errors";
import { assertAmount, currency, type Currency } from "./money";

export interface Category {
  id: string;
  name: string;
  slug: string;
}

export interface Product {
  id: string;
  sellerId: string;
  /** The seller's username, so a storefront can name who sells it without a second lookup. */
  sellerName: string;
  title: string;
  description: string;
  price: bigint;
  currency: Currency;
  quantity: number;
  images: string[];
  categoryId: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** "relevance" ranks a search's best matches first; without a search it is "newest". */
export const PRODUCT_SORTS = ["newest", "price_asc", "price_desc", "title", "relevance"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/**
 * The order a listing is actually given: the one asked for when it is known, otherwise best matches first for a
 * search and newest first for anything else. Ranking needs a search, so "relevance" without one is "newest".
 */
export function effectiveSort(sort: string | undefined, search: string | undefined): ProductSort {
  const searching = (search?.trim() ?? "") !== "";
  const asked = (PRODUCT_SORTS as readonly string[]).includes(sort ?? "") ? (sort as ProductSort) : undefined;
  if (asked === "relevance" || asked === undefined) return searching ? "relevance" : "newest";
  return asked;
}

export const MAX_STOCK = 1_000_000;
export const MAX_PAGE_SIZE = 100;

export interface ProductDraft {
  title: string;
  description: string;
  price: bigint;
  currency: Currency;
  quantity: number;
  categoryId: string | null;
  images: string[];
}

/** Domain rules for a product a seller lists; the zod schemas at the edge mirror these bounds. */
export function validateProductDraft(draft: ProductDraft): ProductDraft {
  const title = draft.title.trim();
  if (title.length < 2 || title.length > 200) {
    throw new DomainError("PRODUCT.INVALID", "Title must be 2 to 200 characters", { field: "title" });
  }
  if (draft.description.length > 5000) {
    throw new DomainError("PRODUCT.INVALID", "Description is at most 5000 characters", { field: "description" });
  }
  assertAmount(draft.price);
  currency(draft.currency);
  assertStock(draft.quantity);
  if (draft.images.length > 10) {
    throw new DomainError("PRODUCT.INVALID", "At most 10 images", { field: "images" });
  }
  for (const url of draft.images) {
    if (!/^https?:\/\/\S{1,2000}$/.test(url)) {
      throw new DomainError("PRODUCT.INVALID", "Images must be http(s) URLs", { field: "images" });
    }
  }
  return { ...draft, title, description: draft.description.trim() };
}

export function assertStock(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > MAX_STOCK) {
    throw new DomainError("PRODUCT.INVALID", `Quantity must be a whole number from 0 to ${MAX_STOCK}`, { field: "quantity" });
  }
  return quantity;
}

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}
