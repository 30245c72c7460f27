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
 * Active products only, each with its ratings; a search that found nothing carries a `suggestion` when a close
 * spelling would. Every filter is part of the cache key, so two queries never share
 * a page; a review evicts the pages with the rest of the family.
 */
export function listProducts(ctx: Ctx, input: ProductListInput = {}): Promise<Page<CatalogProduct> & { suggestion?: string }> {
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
      // Nothing found for a search: the closest words the catalogue does use, as a "did you mean", offered only
      // when that search, with the same filters, finds something.
      let suggestion = page.total === 0 && search ? await repos.products.suggestSearch(search) : null;
      if (suggestion && (await repos.products.list({ ...query, search: suggestion, page: 1, pageSize: 1 })).total === 0) suggestion = null;
      return { ...page, items: await withRatings(repos, page.items), ...(suggestion ? { suggestion } : {}) };
    }),
  );
}
