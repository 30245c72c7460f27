import { afterCommit } from "../shared/after-commit";
import { cacheKeys, type Ctx } from "../shared/deps";

/** A seller's suspension takes their listings out of the catalogue (and lifting it puts them back). */
export async function listingsChanged(ctx: Ctx, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  await afterCommit(ctx, {
    emit: () => ctx.events.productsChanged({ productIds }),
    evict: productIds.map(cacheKeys.product),
    evictFamilies: [cacheKeys.productsFamily, cacheKeys.alsoBoughtFamily],
  });
}
