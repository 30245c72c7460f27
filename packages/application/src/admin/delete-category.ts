import { DomainError, type Category } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { categoriesChanged, categoryNotFound } from "./categories";

/**
 * Deleting a category still holding products is refused rather than silently emptying it: the admin moves or
 * archives those products first. The count says how many.
 */
export async function deleteCategory(ctx: Ctx, caller: Caller, id: string): Promise<Category> {
  requireRole(caller, "admin");
  const category = await ctx.uow.run(asUser(caller), async (repos) => {
    const existing = await repos.categories.findById(id);
    if (!existing) throw categoryNotFound();
    const productCount = await repos.categories.countProducts(id);
    if (productCount > 0) {
      throw new DomainError("CATEGORY.IN_USE", `The category still has ${productCount} product(s); move or archive them first`, { productCount });
    }
    if (!(await repos.categories.delete(id))) throw categoryNotFound();
    return existing;
  });
  return categoriesChanged(ctx, category);
}
