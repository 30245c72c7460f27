import { DomainError, slugify, type Category, type Repositories } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

async function assertSlugFree(repos: Repositories, slug: string, exceptId?: string): Promise<void> {
  const taken = (await repos.categories.list()).find((c) => c.slug === slug && c.id !== exceptId);
  if (taken) throw new DomainError("CATEGORY.SLUG_TAKEN", `The slug "${slug}" is already used`, { slug });
}

function slugOf(name: string, slug?: string): string {
  const s = slugify(slug ?? name);
  if (!s) throw new DomainError("VALIDATION.INVALID_INPUT", "The category needs a name or slug with letters or digits", { field: "slug" });
  return s;
}

export function adminService(ctx: Ctx) {
  async function categoriesChanged<T>(value: T): Promise<T> {
    await afterCommit(ctx, { emit: () => ctx.events.categoriesChanged(), evict: [cacheKeys.categories] });
    return value;
  }

  return {
    async createCategory(caller: Caller, input: { name: string; slug?: string }): Promise<Category> {
      requireRole(caller, "admin");
      const name = input.name.trim();
      const slug = slugOf(name, input.slug);
      const category = await ctx.uow.run(asUser(caller), async (repos) => {
        await assertSlugFree(repos, slug);
        return repos.categories.create({ name, slug });
      });
      return categoriesChanged(category);
    },

    async updateCategory(caller: Caller, id: string, input: { name?: string; slug?: string }): Promise<Category> {
      requireRole(caller, "admin");
      const name = input.name?.trim();
      const slug = input.slug === undefined ? undefined : slugOf(input.slug);
      const category = await ctx.uow.run(asUser(caller), async (repos) => {
        if (slug) await assertSlugFree(repos, slug, id);
        const updated = await repos.categories.update(id, { name, slug });
        if (!updated) throw new DomainError("CATEGORY.NOT_FOUND", "No such category");
        return updated;
      });
      return categoriesChanged(category);
    },

    /**
     * Deleting a category still holding products is refused rather than silently emptying it: the admin moves
     * or archives those products first. The count says how many.
     */
    async deleteCategory(caller: Caller, id: string): Promise<Category> {
      requireRole(caller, "admin");
      const category = await ctx.uow.run(asUser(caller), async (repos) => {
        const existing = await repos.categories.findById(id);
        if (!existing) throw new DomainError("CATEGORY.NOT_FOUND", "No such category");
        const productCount = await repos.categories.countProducts(id);
        if (productCount > 0) {
          throw new DomainError("CATEGORY.IN_USE", `The category still has ${productCount} product(s); move or archive them first`, { productCount });
        }
        if (!(await repos.categories.delete(id))) throw new DomainError("CATEGORY.NOT_FOUND", "No such category");
        return existing;
      });
      return categoriesChanged(category);
    },

    /** Sales per currency, orders and sign-ups per day over the last `days` days. */
    async stats(caller: Caller, days = 30) {
      requireRole(caller, "admin");
      const window = Math.min(365, Math.max(1, Math.trunc(days)));
      return ctx.uow.run(asUser(caller), async (repos) => ({ days: window, ...(await repos.stats.daily(window)) }));
    },
  };
}
