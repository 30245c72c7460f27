import type { Product } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { productChanged, productNotFound } from "./product-changed";

/** Hides the product from the catalog; orders that reference it keep their snapshot. */
export async function archiveProduct(ctx: Ctx, caller: Caller, id: string): Promise<Product> {
  requireRole(caller, "seller", "admin");
  const product = await ctx.uow.run(asUser(caller), async (repos) => {
    const updated = await repos.products.update(id, caller.id, { isActive: false });
    if (!updated) throw productNotFound();
    return updated;
  });
  return productChanged(ctx, product);
}
