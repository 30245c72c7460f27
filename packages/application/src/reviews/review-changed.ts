import type { Review } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { cacheKeys, type Ctx } from "../shared/deps";

/**
 * A product's ratings are part of its cached copy and of every catalogue page that lists it, so a review that
 * appears or is hidden evicts both, as a product edit does.
 */
export async function reviewChanged(ctx: Ctx, review: Review): Promise<Review> {
  await afterCommit(ctx, {
    emit: () => ctx.events.productsChanged({ productIds: [review.productId] }),
    evict: [cacheKeys.product(review.productId)],
    evictFamilies: [cacheKeys.productsFamily],
  });
  return review;
}
