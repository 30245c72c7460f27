import { ALSO_BOUGHT_CACHED, ALSO_BOUGHT_DEFAULT, ALSO_BOUGHT_MAX, ANONYMOUS, isDomainError, type Product } from "@caribex/domain";
import { getProduct } from "../catalog/get-product";
import { cacheKeys, type Ctx } from "../shared/deps";

export interface AlsoBoughtInput {
  productId: string;
  limit?: number;
}

/**
 * "Customers also bought": products bought in the same checkouts as this one. The ranked ids are cached per product
 * (L1 and the shared L2) and evicted as a family whenever an order is paid, cancelled or refunded; each product is
 * then read through its own cache entry, so a price change or an archive shows at once. An unknown product simply
 * has no co-purchases.
 */
export async function alsoBought(ctx: Ctx, input: AlsoBoughtInput): Promise<Product[]> {
  const limit = Math.min(ALSO_BOUGHT_MAX, Math.max(1, Math.trunc(input.limit ?? ALSO_BOUGHT_DEFAULT)));
  const ids = await ctx.cache.getInFamily(cacheKeys.alsoBoughtFamily, input.productId, () =>
    ctx.uow.run(ANONYMOUS, (repos) => repos.orders.coPurchased(input.productId, ALSO_BOUGHT_CACHED)),
  );
  const products: Product[] = [];
  for (const id of ids) {
    if (products.length >= limit) break;
    try {
      products.push(await getProduct(ctx, null, id));
    } catch (e) {
      // Archived since the list was cached: skip it.
      if (!isDomainError(e) || e.code !== "PRODUCT.NOT_FOUND") throw e;
    }
  }
  return products;
}
