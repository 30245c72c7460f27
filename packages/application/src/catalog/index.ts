import { ANONYMOUS, DomainError, effectiveSort, type Category, type Currency, type Page, type Product, type ProductSort } from "@caribex/domain";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { pageRequest } from "../shared/guards";
import { canonicalJson } from "../shared/hash";

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

export function catalogService(ctx: Ctx) {
  return {
    listCategories(): Promise<Category[]> {
      return ctx.cache.get(cacheKeys.categories, () => ctx.uow.run(ANONYMOUS, (repos) => repos.categories.list()));
    },

    /** Active products only. Every filter is part of the cache key, so two queries never share a page. */
    listProducts(input: ProductListInput = {}): Promise<Page<Product>> {
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
        ctx.uow.run(ANONYMOUS, (repos) => repos.products.list(query)),
      );
    },

    /**
     * The shared cache holds what anyone may see (active products). An inactive product is then looked up again
     * as the caller, and shown only to its seller or an admin.
     */
    async getProduct(caller: Caller | null, id: string): Promise<Product> {
      const shared = await ctx.cache.get(cacheKeys.product(id), async () => {
        const product = await ctx.uow.run(ANONYMOUS, (repos) => repos.products.findById(id));
        return product?.isActive ? product : null;
      });
      if (shared) return shared;
      if (caller) {
        const own = await ctx.uow.run(asUser(caller), (repos) => repos.products.findById(id));
        if (own && (own.sellerId === caller.id || caller.role === "admin")) return own;
      }
      throw new DomainError("PRODUCT.NOT_FOUND", "No such product");
    },
  };
}
