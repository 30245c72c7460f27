import { DomainError, isCurrency, normalizeRate, type FxFeedPort } from "@caribex/domain";
import { systemActor, type Ctx } from "../shared/deps";
import { ratesChanged } from "./rates-changed";

export interface FxRefreshResult {
  /** Rates the feed published. */
  received: number;
  /** Rates stored (a rate unchanged since the feed's last one is not stored again). */
  stored: number;
}

/**
 * Stores what the price feed publishes now. A rate equal to the pair's latest feed rate is skipped, so a quiet feed
 * does not fill the history; a time in the future is taken as now.
 */
export async function refreshFromFeed(ctx: Ctx, feed: FxFeedPort): Promise<FxRefreshResult> {
  const published = await feed.fetchRates();
  const now = ctx.clock.now();
  const fresh = published.map((r) => {
    if (!isCurrency(r.base) || !isCurrency(r.quote) || r.base === r.quote) {
      throw new DomainError("VALIDATION.INVALID_INPUT", "The price feed named an unknown currency pair", { base: r.base, quote: r.quote });
    }
    return { base: r.base, quote: r.quote, rate: normalizeRate(r.rate), asOf: r.asOf.getTime() > now.getTime() ? now : r.asOf };
  });
  const stored = await ctx.uow.run(systemActor, async (repos) => {
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
  if (stored > 0) await ratesChanged(ctx);
  return { received: published.length, stored };
}
