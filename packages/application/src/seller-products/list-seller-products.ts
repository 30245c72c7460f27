import { effectiveSort, type Page, type Product, type ProductSort } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { pageRequest, requireRole } from "../shared/guards";

export interface SellerProductListInput {
  page?: number;
  pageSize?: number;
  search?: string;
  sort?: ProductSort;
  /** Active or archived only; both when absent. */
  status?: "active" | "archived";
}

/** A seller's own listings. Ownership is in every query (and enforced again by row-level security). */
export async function listSellerProducts(ctx: Ctx, caller: Caller, q: SellerProductListInput = {}): Promise<Page<Product>> {
  requireRole(caller, "seller", "admin");
  const search = q.search?.trim() || undefined;
  const sort: ProductSort = effectiveSort(q.sort, search);
  const status = q.status === "active" ? { includeInactive: false } : q.status === "archived" ? { onlyInactive: true } : { includeInactive: true };
  return ctx.uow.run(asUser(caller), (repos) => repos.products.list({ ...pageRequest(q), sellerId: caller.id, search, sort, ...status }));
}
