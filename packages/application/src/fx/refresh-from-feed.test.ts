import { describe, expect, it } from "vitest";
import { memoryApp, refusal } from "../testing/memory";
import { refreshFromFeed } from "./refresh-from-feed";

describe("refreshing rates from the feed", () => {
  it("stores what changed since the feed's last rate, and takes a time in the future as now", async () => {
    const app = memoryApp();
    const now = app.clock.now();
    let published = [
      { base: "USD" as const, quote: "JMD" as const, rate: "157.250", asOf: new Date(now.getTime() + 60_000) },
      { base: "USDC" as const, quote: "USD" as const, rate: "1", asOf: now },
    ];
    const feed = { fetchRates: async () => published };
    expect(await refreshFromFeed(app.ctx, feed)).toEqual({ received: 2, stored: 2 });
    expect(app.state.fxRates.map((r) => [r.rate, r.asOf.getTime(), r.source])).toEqual([
      ["157.25", now.getTime(), "feed"],
      ["1", now.getTime(), "feed"],
    ]);
    published = [{ ...published[0]!, rate: "157.25" }, { ...published[1]!, rate: "1.0001" }];
    expect(await refreshFromFeed(app.ctx, feed)).toEqual({ received: 2, stored: 1 });
  });

  it("refuses a feed that names a pair it cannot be, storing nothing", async () => {
    const app = memoryApp();
    const feed = { fetchRates: async () => [{ base: "USD" as const, quote: "USD" as const, rate: "1", asOf: app.clock.now() }] };
    expect((await refusal(refreshFromFeed(app.ctx, feed))).code).toBe("VALIDATION.INVALID_INPUT");
    expect(app.state.fxRates).toEqual([]);
  });
});
