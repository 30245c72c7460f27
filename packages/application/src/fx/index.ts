import {
  ANONYMOUS,
  DomainError,
  isCurrency,
  normalizeRate,
  type Actor,
  type Currency,
  type FxFeedPort,
  type FxRate,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

const SYSTEM: Actor = { kind: "system" };
/** How many past rates the admin list shows. */
export const FX_HISTORY_LIMIT = 100;

export interface FxRefreshResult {
  /** Rates the feed published. */
  received: number;
  /** Rates stored (a rate unchanged since the feed's last one is not stored again). */
  stored: number;
}

export function fxService(ctx: Ctx) {
  /** Rates changed: the cached rates go, and so do product pages, whose price order depends on them. */
  const ratesChanged = () => afterCommit(ctx, { evict: [cacheKeys.fxRates], evictFamilies: [cacheKeys.productsFamily] });

  return {
    /** The latest rate of every pair, through the read cache. */
    latestRates(): Promise<FxRate[]> {
      return ctx.cache.get(cacheKeys.fxRates, () => ctx.uow.run(ANONYMOUS, (repos) => repos.fx.latest()));
    },

    /** Every stored rate, newest first (admin). */
    async listRates(caller: Caller, limit = FX_HISTORY_LIMIT): Promise<FxRate[]> {
      requireRole(caller, "admin");
      const n = Math.min(FX_HISTORY_LIMIT, Math.max(1, Math.trunc(limit)));
      return ctx.uow.run(asUser(caller), (repos) => repos.fx.history(n));
    },

    /** An admin sets a rate: a new row, as of now, naming the admin. */
    async setRate(caller: Caller, input: { base: Currency; quote: Currency; rate: string }): Promise<FxRate> {
      requireRole(caller, "admin");
      if (input.base === input.quote) {
        throw new DomainError("VALIDATION.INVALID_INPUT", "A rate converts one currency into another", { field: "quote" });
      }
      const rate = normalizeRate(input.rate);
      const row = await ctx.uow.run(asUser(caller), (repos) =>
        repos.fx.insert({ base: input.base, quote: input.quote, rate, source: "admin", setBy: caller.id, asOf: ctx.clock.now() }),
      );
      await ratesChanged();
      return row;
    },

    /**
     * Stores what the price feed publishes now. A rate equal to the pair's latest feed rate is skipped, so a
     * quiet feed does not fill the history; a time in the future is taken as now.
     */
    async refreshFromFeed(feed: FxFeedPort): Promise<FxRefreshResult> {
      const published = await feed.fetchRates();
      const now = ctx.clock.now();
      const fresh = published.map((r) => {
        if (!isCurrency(r.base) || !isCurrency(r.quote) || r.base === r.quote) {
          throw new DomainError("VALIDATION.INVALID_INPUT", "The price feed named an unknown currency pair", { base: r.base, quote: r.quote });
        }
        return { base: r.base, quote: r.quote, rate: normalizeRate(r.rate), asOf: r.asOf.getTime() > now.getTime() ? now : r.asOf };
      });
      const stored = await ctx.uow.run(SYSTEM, async (repos) => {
        const lastFromFeed = await repos.fx.latest("feed");
        let n = 0;
        for (const r of fresh) {
          const last = lastFromFeed.find((l) => l.base === r.base && l.quote === r.quote);
          if (last && last.rate === r.rate) continue;
          await repos.fx.insert({ ...r, source: "feed", setBy: null });
          n++;
        }
        return n;
      });
      if (stored > 0) await ratesChanged();
      return { received: published.length, stored };
    },
  };
}
