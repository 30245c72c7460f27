import { ANONYMOUS, DomainError, type Product, type ProductRating } from "@caribex/domain";
import { withRatings } from "../reviews/ratings";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";

export type CatalogProduct = Product & { rating: ProductRating };

/**
 * The shared cache holds what anyone may see (active products, with their ratings). An inactive product is then
 * looked up again as the caller, and shown only to its seller or an admin.
 */
export async function getProduct(ctx: Ctx, caller: Caller | null, id: string): Promise<CatalogProduct> {
  const shared = await ctx.cache.get(cacheKeys.product(id), () =>
    ctx.uow.run(ANONYMOUS, async (repos) => {
      const product = await repos.products.findById(id);
      return product?.isActive ? ((await withRatings(repos, [product]))[0] ?? null) : null;
    }),
  );
  if (shared) return shared;
  if (caller) {
    const own = await ctx.uow.run(asUser(caller), async (repos) => {
      const product = await repos.products.findById(id);
      return product && (product.sellerId === caller.id || caller.role === "admin") ? (await withRatings(repos, [product]))[0]! : null;
    });
    if (own) return own;
  }
  throw new DomainError("PRODUCT.NOT_FOUND", "No such product");
}
