import { validateProductDraft, type Product, type ProductDraft } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { assertCategory, assertImageSources, productChanged } from "./product-changed";

export type ProductCreateInput = Omit<ProductDraft, "categoryId" | "images" | "description"> &
  Partial<Pick<ProductDraft, "categoryId" | "images" | "description">>;

export async function createProduct(ctx: Ctx, caller: Caller, input: ProductCreateInput): Promise<Product> {
  requireRole(caller, "seller", "admin");
  const draft = validateProductDraft({ description: "", images: [], categoryId: null, ...input });
  assertImageSources(ctx, draft.images);
  const product = await ctx.uow.run(asUser(caller), async (repos) => {
    await assertCategory(repos, draft.categoryId);
    return repos.products.create(caller.id, draft);
  });
  return productChanged(ctx, product);
}
