import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isBrokenCircuitError } from "cockatiel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FxFeedError, httpFxFeed, parseFeed } from "./fx-feed";

const NOW = new Date("2026-11-30T12:00:00Z");

describe("price feed answer", () => {
  it("reads rates as exact decimal strings, with their time or now", () => {
    expect(
      parseFeed({ rates: [{ base: "USD", quote: "JMD", rate: "157.25", asOf: "2026-11-30T10:00:00Z" }, { base: "USDC", quote: "JMD", rate: 157.1 }] }, NOW),
    ).toEqual([
      { base: "USD", quote: "JMD", rate: "157.25", asOf: new Date("2026-11-30T10:00:00Z") },
      { base: "USDC", quote: "JMD", rate: "157.1", asOf: NOW },
    ]);
  });

  it("refuses the whole answer when any rate is not a known pair with a positive decimal", () => {
    const ok = { base: "USD", quote: "JMD", rate: "157.25" };
    for (const bad of [
      null,
      {},
      { rates: [] },
      { rates: "157" },
      { rates: [ok, { ...ok, base: "EUR" }] },
      { rates: [{ ...ok, quote: "USD" }] },
      { rates: [{ ...ok, rate: "0" }] },
      { rates: [{ ...ok, rate: -3 }] },
      { rates: [{ ...ok, rate: 1e-9 }] },
      { rates: [{ ...ok, rate: "1e3" }] },
      { rates: [{ ...ok, asOf: "yesterday" }] },
    ]) {
      expect(() => parseFeed(bad, NOW), JSON.stringify(bad)).toThrow(FxFeedError);
    }
  });
});

describe("HTTP price feed behind a circuit breaker", () => {
  let server: Server;
  let url: string;
  let hits = 0;
  let answer: { status: number; body: string } = { status: 200, body: "" };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rates.json`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("fetches and parses the feed", async () => {
    answer = { status: 200, body: JSON.stringify({ rates: [{ base: "USD", quote: "JMD", rate: "156.9" }] }) };
    const feed = httpFxFeed({ url }, { now: () => NOW });
    expect(await feed.fetchRates()).toEqual([{ base: "USD", quote: "JMD", rate: "156.9", asOf: NOW }]);
    expect(feed.state()).toBe("closed");
  });

  it("opens after consecutive failures and then stops asking the feed", async () => {
    answer = { status: 503, body: "{}" };
    const states: string[] = [];
    const feed = httpFxFeed({ url, breakerThreshold: 2, halfOpenAfterMs: 3_600_000, onBreakerStateChange: (s) => states.push(s) });
    const before = hits;
    await expect(feed.fetchRates()).rejects.toThrow("HTTP 503");
    answer = { status: 200, body: "not json" };
    await expect(feed.fetchRates()).rejects.toThrow("other than JSON");
    expect(feed.state()).toBe("open");
    expect(states).toEqual(["open"]);
    // Open: refused at once, the feed is not asked.
    const refused = await feed.fetchRates().catch((e: unknown) => e);
    expect(isBrokenCircuitError(refused)).toBe(true);
    expect(hits - before).toBe(2);
  });

  it("gives up on a feed that does not answer in time", async () => {
    const silent = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const feed = httpFxFeed({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, timeoutMs: 200 });
      await expect(feed.fetchRates()).rejects.toThrow();
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
