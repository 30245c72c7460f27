import type { Category } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { assertSlugFree, categoriesChanged, slugOf } from "./categories";

export async function createCategory(ctx: Ctx, caller: Caller, input: { name: string; slug?: string }): Promise<Category> {
  requireRole(caller, "admin");
  const name = input.name.trim();
  const slug = slugOf(name, input.slug);
  const category = await ctx.uow.run(asUser(caller), async (repos) => {
    await assertSlugFree(repos, slug);
    return repos.categories.create({ name, slug });
  });
  return categoriesChanged(ctx, category);
}
