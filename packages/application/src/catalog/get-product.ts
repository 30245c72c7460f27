import { ANONYMOUS, DomainError, type Product } from "@caribex/domain";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";

/**
 * The shared cache holds what anyone may see (active products). An inactive product is then looked up again as the
 * caller, and shown only to its seller or an admin.
 */
export async function getProduct(ctx: Ctx, caller: Caller | null, id: string): Promise<Product> {
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
}
