import { validateProductDraft, type Product, type ProductDraft } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { assertCategory, assertImageSources, productChanged, productNotFound } from "./product-changed";

/** isActive false archives the product, true puts an archived one back in the catalog. */
export type ProductPatch = Partial<ProductDraft> & { isActive?: boolean };

export async function updateProduct(ctx: Ctx, caller: Caller, id: string, patch: ProductPatch): Promise<Product> {
  requireRole(caller, "seller", "admin");
  // Pictures a product already shows stay; new ones must come from an allowed source.
  if (patch.images) assertImageSources(ctx, patch.images);
  const product = await ctx.uow.run(asUser(caller), async (repos) => {
    const current = await repos.products.findById(id);
    if (!current || current.sellerId !== caller.id) throw productNotFound();
    const draft = validateProductDraft({
      title: patch.title ?? current.title,
      description: patch.description ?? current.description,
      price: patch.price ?? current.price,
      currency: patch.currency ?? current.currency,
      quantity: patch.quantity ?? current.quantity,
      categoryId: patch.categoryId === undefined ? current.categoryId : patch.categoryId,
      images: patch.images ?? current.images,
    });
    if (patch.categoryId !== undefined) await assertCategory(repos, draft.categoryId);
    const updated = await repos.products.update(id, caller.id, patch.isActive === undefined ? draft : { ...draft, isActive: patch.isActive });
    if (!updated) throw productNotFound();
    return updated;
  });
  return productChanged(ctx, product);
}
