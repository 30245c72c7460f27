import type { Category } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { assertSlugFree, categoriesChanged, categoryNotFound, slugOf } from "./categories";

export async function updateCategory(ctx: Ctx, caller: Caller, id: string, input: { name?: string; slug?: string }): Promise<Category> {
  requireRole(caller, "admin");
  const name = input.name?.trim();
  const slug = input.slug === undefined ? undefined : slugOf(input.slug);
  const category = await ctx.uow.run(asUser(caller), async (repos) => {
    if (slug) await assertSlugFree(repos, slug, id);
    const updated = await repos.categories.update(id, { name, slug });
    if (!updated) throw categoryNotFound();
    return updated;
  });
  return categoriesChanged(ctx, category);
}
