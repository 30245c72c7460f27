import { PRODUCT_SORTS, type ProductSort } from "@caribex/domain";

/**
 * The table sorts by what the API sorts by (its columns: no relevance ranking, a search keeps the chosen column);
 * filtering, searching and paging happen in the API too.
 */
export type ProductTableSort = Exclude<ProductSort, "relevance">;
export const PRODUCT_TABLE_SORTS = PRODUCT_SORTS.filter((s): s is ProductTableSort => s !== "relevance");
export const PRODUCT_STATUSES = ["active", "archived", "all"] as const;
export type ProductStatusFilter = (typeof PRODUCT_STATUSES)[number];

export interface ProductTableState {
  q?: string | undefined;
  status: ProductStatusFilter;
  sort: ProductTableSort;
  page: number;
}

/** The seller.product.list input for the table's URL state; "all" is the API's default of both statuses. */
export function productListQuery(state: ProductTableState, pageSize: number) {
  const search = state.q?.trim();
  return {
    page: state.page,
    pageSize,
    sort: state.sort,
    ...(search ? { search } : {}),
    ...(state.status === "all" ? {} : { status: state.status }),
  };
}
