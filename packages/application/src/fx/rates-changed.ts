import { afterCommit } from "../shared/after-commit";
import { cacheKeys, type Ctx } from "../shared/deps";

/** How many past rates the admin list shows. */
export const FX_HISTORY_LIMIT = 100;

/** Rates changed: the cached rates go, and so do product pages, whose price order depends on them. */
export const ratesChanged = (ctx: Ctx) => afterCommit(ctx, { evict: [cacheKeys.fxRates], evictFamilies: [cacheKeys.productsFamily] });
