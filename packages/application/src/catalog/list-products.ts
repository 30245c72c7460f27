import { ANONYMOUS, effectiveSort, type Currency, type Page, type ProductSort } from "@caribex/domain";
import { withRatings } from "../reviews/ratings";
import { cacheKeys, type Ctx } from "../shared/deps";
import { pageRequest } from "../shared/guards";
import { canonicalJson } from "../shared/hash";
import type { CatalogProduct } from "./get-product";

export interface ProductListInput {
  page?: number;
  pageSize?: number;
  categoryId?: string;
  sellerId?: string;
  search?: string;
  sort?: ProductSort;
  currency?: Currency;
  /** Whole units as exact decimal strings: of `currency` when given, else of the reference currency (JMD). */
  minPrice?: string;
  maxPrice?: string;
  inStock?: boolean;
}

/**
 * Active products only, each with its ratings. Every filter is part of the cache key, so two queries never share
 * a page; a review evicts the pages with the rest of the family.
 */
export function listProducts(ctx: Ctx, input: ProductListInput = {}): Promise<Page<CatalogProduct>> {
  const search = input.search?.trim() || undefined;
  const sort: ProductSort = effectiveSort(input.sort, search);
  const query = {
    ...pageRequest(input),
    categoryId: input.categoryId,
    sellerId: input.sellerId,
    search,
    sort,
    currency: input.currency,
    minPrice: input.minPrice,
    maxPrice: input.maxPrice,
    inStock: input.inStock || undefined,
  };
  return ctx.cache.getInFamily(cacheKeys.productsFamily, canonicalJson(query), () =>
    ctx.uow.run(ANONYMOUS, async (repos) => {
      const page = await repos.products.list(query);
      return { ...page, items: await withRatings(repos, page.items) };
    }),
  );
}
