import { DomainError, slugify, type Repositories } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { cacheKeys, type Ctx } from "../shared/deps";

export const categoryNotFound = () => new DomainError("CATEGORY.NOT_FOUND", "No such category");

export async function assertSlugFree(repos: Repositories, slug: string, exceptId?: string): Promise<void> {
  const taken = (await repos.categories.list()).find((c) => c.slug === slug && c.id !== exceptId);
  if (taken) throw new DomainError("CATEGORY.SLUG_TAKEN", `The slug "${slug}" is already used`, { slug });
}

export function slugOf(name: string, slug?: string): string {
  const s = slugify(slug ?? name);
  if (!s) throw new DomainError("VALIDATION.INVALID_INPUT", "The category needs a name or slug with letters or digits", { field: "slug" });
  return s;
}

/** Passes the value on once the cached category list is gone everywhere. */
export async function categoriesChanged<T>(ctx: Ctx, value: T): Promise<T> {
  await afterCommit(ctx, { emit: () => ctx.events.categoriesChanged(), evict: [cacheKeys.categories] });
  return value;
}
