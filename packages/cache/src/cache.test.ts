import { describe, expect, it } from "vitest";
import { createCache, type CacheLevel } from "./cache";
import type { CacheClock } from "./clock";
import { jsonCodec } from "./codec";
import { testClock } from "./test-clock";

/** A promise the test resolves when it chooses, so a load stays in flight exactly as long as needed. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

function l1Only(over: { maxBytes?: number; ttlMs?: number; clock?: CacheClock } = {}) {
  const counts = { hit: { l1: 0, l2: 0 }, miss: { l1: 0, l2: 0 } };
  const cache = createCache({
    l1: { enabled: true, maxBytes: over.maxBytes ?? 1_000_000, ttlMs: over.ttlMs ?? 60_000 },
    l2: { enabled: false, ttlSeconds: 60 },
    ...(over.clock ? { clock: over.clock } : {}),
    metrics: {
      hit: (l: CacheLevel) => counts.hit[l]++,
      miss: (l: CacheLevel) => counts.miss[l]++,
    },
  });
  return { cache, counts };
}

describe("createCache without Redis", () => {
  it("runs the loader once for 500 concurrent cold gets", async () => {
    const { cache, counts } = l1Only();
    let calls = 0;
    const loaded = gate();
    const loader = async () => {
      calls++;
      await loaded.opened;
      return { id: "p1", priceMinor: 1500n };
    };
    const pending = Array.from({ length: 500 }, () => cache.get("product:p1", loader));
    loaded.open();
    const results = await Promise.all(pending);
    expect(calls).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toEqual({ id: "p1", priceMinor: 1500n });
    expect(counts.miss.l1).toBe(500);
    await cache.get("product:p1", loader);
    expect(calls).toBe(1);
    expect(counts.hit.l1).toBe(1);
  });

  it("fails every waiter with the same error and does not cache the failure", async () => {
    const { cache } = l1Only();
    let calls = 0;
    const boom = new Error("db down");
    const loaded = gate();
    const failing = async () => {
      calls++;
      await loaded.opened;
      throw boom;
    };
    const pending = Array.from({ length: 50 }, () => cache.get("k", failing));
    loaded.open();
    const settled = await Promise.allSettled(pending);
    expect(calls).toBe(1);
    for (const s of settled) expect(s).toEqual({ status: "rejected", reason: boom });
    expect(await cache.get("k", async () => "ok")).toBe("ok");
    expect(calls).toBe(1);
  });

  it("expires entries after their TTL, per call when given", async () => {
    const clock = testClock();
    const { cache } = l1Only({ ttlMs: 10_000, clock });
    let n = 0;
    const loader = async () => ++n;
    expect(await cache.get("a", loader)).toBe(1);
    expect(await cache.get("a", loader)).toBe(1);
    clock.advance(10_001);
    expect(await cache.get("a", loader)).toBe(2);
    expect(await cache.get("b", loader, { ttlMs: 600_000 })).toBe(3);
    clock.advance(10_001);
    expect(await cache.get("b", loader)).toBe(3);
    expect(await cache.get("a", loader)).toBe(4);
  });

  it("stays within its byte bound, dropping least recently used entries", async () => {
    const { cache } = l1Only({ maxBytes: 10_000 });
    const big = "x".repeat(1_000);
    for (let i = 0; i < 50; i++) await cache.get(`item:${i}`, async () => big);
    expect(cache.size()).toBeLessThanOrEqual(10_000);
    expect(cache.size()).toBeGreaterThan(5_000);
    let reloaded = 0;
    await cache.get("item:0", async () => {
      reloaded++;
      return big;
    });
    expect(reloaded).toBe(1);
    // an entry larger than the whole cache is served but not kept
    const huge = "y".repeat(20_000);
    expect(await cache.get("huge", async () => huge)).toBe(huge);
    expect(cache.size()).toBeLessThanOrEqual(10_000);
  });

  it("evicts exact keys and whole families", async () => {
    const { cache } = l1Only();
    let n = 0;
    const loader = async () => ++n;
    await cache.get("product:1", loader);
    await cache.getInFamily("products", "page:1", loader);
    await cache.getInFamily("products", "page:2", loader);
    await cache.getRaw("product:1", async () => '{"raw":true}');
    await cache.evict("product:1");
    expect(await cache.get("product:1", loader)).toBe(4);
    expect(await cache.getRaw("product:1", async () => "fresh")).toBe("fresh");
    expect(await cache.getInFamily("products", "page:2", loader)).toBe(3);
    await cache.evictFamily("products");
    expect(await cache.getInFamily("products", "page:1", loader)).toBe(5);
    expect(await cache.getInFamily("products", "page:2", loader)).toBe(6);
  });

  it("does not store or share a load that an eviction overtook", async () => {
    const { cache } = l1Only();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stale = cache.get("wallet:u1", async () => {
      await gate;
      return "old balance";
    });
    await cache.evict("wallet:u1");
    const fresh = cache.get("wallet:u1", async () => "new balance");
    release();
    expect(await stale).toBe("old balance");
    expect(await fresh).toBe("new balance");
    expect(await cache.get("wallet:u1", async () => "reloaded")).toBe("new balance");

    let releaseFamily!: () => void;
    const familyGate = new Promise<void>((r) => (releaseFamily = r));
    const stalePage = cache.getInFamily("products", "page:1", async () => {
      await familyGate;
      return "old page";
    });
    await cache.evictFamily("products");
    releaseFamily();
    expect(await stalePage).toBe("old page");
    expect(await cache.getInFamily("products", "page:1", async () => "new page")).toBe("new page");
  });
});

describe("jsonCodec", () => {
  it("round-trips bigint and Date", () => {
    const value = { amount: 12345678901234567890n, at: new Date("2025-01-02T03:04:05.000Z"), list: [1n, "x"] };
    expect(jsonCodec.decode(jsonCodec.encode(value))).toEqual(value);
  });
});
