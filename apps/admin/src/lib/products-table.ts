import type { Currency } from "@caribex/domain";

export const PRODUCT_TABLE_SORTS = ["newest", "oldest", "title", "price_asc", "price_desc", "stock_asc", "stock_desc"] as const;
export type ProductTableSort = (typeof PRODUCT_TABLE_SORTS)[number];
export const PRODUCT_STATUSES = ["active", "archived", "all"] as const;
export type ProductStatusFilter = (typeof PRODUCT_STATUSES)[number];

export interface TableProduct {
  id: string;
  title: string;
  description: string;
  price: bigint;
  currency: Currency;
  quantity: number;
  isActive: boolean;
  createdAt: Date;
}

export interface ProductQuery {
  search?: string | undefined;
  sort: ProductTableSort;
  status: ProductStatusFilter;
  page: number;
  pageSize: number;
}

const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The seller's own list comes from the API unfiltered (archived included), so the table filters, sorts and pages
 * it here. Prices compare within a currency first, because 100 JMD and 100 USD are not the same amount.
 */
export function queryProducts<T extends TableProduct>(all: readonly T[], q: ProductQuery): { items: T[]; total: number; page: number; pageCount: number } {
  const needle = q.search?.trim().toLowerCase();
  let rows = all.filter((p) => (q.status === "all" ? true : q.status === "active" ? p.isActive : !p.isActive));
  if (needle) rows = rows.filter((p) => p.title.toLowerCase().includes(needle) || p.description.toLowerCase().includes(needle));
  const sorted = [...rows].sort((a, b) => {
    switch (q.sort) {
      case "oldest":
        return a.createdAt.getTime() - b.createdAt.getTime();
      case "title":
        return a.title.localeCompare(b.title);
      case "price_asc":
        return a.currency.localeCompare(b.currency) || cmpBig(a.price, b.price);
      case "price_desc":
        return a.currency.localeCompare(b.currency) || cmpBig(b.price, a.price);
      case "stock_asc":
        return a.quantity - b.quantity;
      case "stock_desc":
        return b.quantity - a.quantity;
      case "newest":
      default:
        return b.createdAt.getTime() - a.createdAt.getTime();
    }
  });
  const pageCount = Math.max(1, Math.ceil(sorted.length / q.pageSize));
  const page = Math.min(Math.max(1, q.page), pageCount);
  const start = (page - 1) * q.pageSize;
  return { items: sorted.slice(start, start + q.pageSize), total: sorted.length, page, pageCount };
}
