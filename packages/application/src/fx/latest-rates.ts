import { ANONYMOUS, type FxRate } from "@caribex/domain";
import { cacheKeys, type Ctx } from "../shared/deps";

/** The latest rate of every pair, through the read cache. */
export function latestRates(ctx: Ctx): Promise<FxRate[]> {
  return ctx.cache.get(cacheKeys.fxRates, () => ctx.uow.run(ANONYMOUS, (repos) => repos.fx.latest()));
}
