import { DomainError, isAllowedImageUrl, type Product, type Repositories } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { cacheKeys, type Ctx } from "../shared/deps";

export const productNotFound = () => new DomainError("PRODUCT.NOT_FOUND", "No such product");

export async function assertCategory(repos: Repositories, categoryId: string | null): Promise<void> {
  if (categoryId && !(await repos.categories.findById(categoryId))) {
    throw new DomainError("CATEGORY.NOT_FOUND", "No such category", { categoryId });
  }
}

/** Pictures only from our own store or the operator's allowed hosts (see `isAllowedImageUrl`). */
export function assertImageSources(ctx: Ctx, images: readonly string[]): void {
  const refused = images.find((url) => !isAllowedImageUrl(url, ctx.imageSources));
  if (refused !== undefined) {
    throw new DomainError("PRODUCT.INVALID", "Pictures must be uploaded here (or come from an allowed https host)", { field: "images", index: images.indexOf(refused) });
  }
}

/** Passes the product on once its cached copies and the catalogue pages are gone everywhere. */
export async function productChanged(ctx: Ctx, product: Product): Promise<Product> {
  await afterCommit(ctx, {
    emit: () => ctx.events.productsChanged({ productIds: [product.id] }),
    evict: [cacheKeys.product(product.id)],
    evictFamilies: [cacheKeys.productsFamily],
  });
  return product;
}
