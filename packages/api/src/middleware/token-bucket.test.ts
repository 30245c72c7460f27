import { describe, expect, it } from "vitest";
import { leaseSize } from "./redis-bucket-store";
import { bucketsFor, createRateLimiter, MemoryBucketStore, UPLOAD_PROCEDURE } from "./token-bucket";

describe("in-process token buckets", () => {
  it("allow a burst of the budget, refuse the next, refill with time", async () => {
    let now = 0;
    const limiter = createRateLimiter({ ipPerMinute: 3, userPerMinute: 100, sensitivePerMinute: 100 }, new MemoryBucketStore(() => now));
    const call = { ip: "1.2.3.4", userId: null, procedure: "product.list", rateClass: "standard" as const };
    for (let i = 0; i < 3; i++) expect((await limiter.check(call)).allowed).toBe(true);
    const refused = await limiter.check(call);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 20 });
    now += 20_000;
    expect((await limiter.check(call)).allowed).toBe(true);
    expect((await limiter.check({ ...call, ip: "5.6.7.8" })).allowed).toBe(true);
  });

  it("takes from every bucket or none", async () => {
    const store = new MemoryBucketStore(() => 0);
    const limiter = createRateLimiter({ ipPerMinute: 100, userPerMinute: 100, sensitivePerMinute: 1 }, store);
    expect((await limiter.check({ ip: "a", userId: "u", procedure: "wallet.send", rateClass: "sensitive" })).allowed).toBe(true);
    expect((await limiter.check({ ip: "a", userId: "u", procedure: "wallet.send", rateClass: "sensitive" })).allowed).toBe(false);
    // The refused call did not spend the user's general budget.
    for (let i = 0; i < 99; i++) expect((await limiter.check({ ip: "b", userId: "u", procedure: "cart.get", rateClass: "standard" })).allowed).toBe(true);
  });

  it("key sensitive procedures by user once known", () => {
    const policy = { ipPerMinute: 1, userPerMinute: 2, sensitivePerMinute: 3 };
    expect(bucketsFor(policy, { ip: "a", userId: null, procedure: "auth.signIn", rateClass: "sensitive" }).map((b) => b.key)).toEqual(["ip:a", "sensitive:ip:a"]);
    expect(bucketsFor(policy, { ip: "a", userId: "u", procedure: "checkout.place", rateClass: "sensitive" }).map((b) => b.key)).toEqual([
      "ip:a",
      "user:u",
      "sensitive:user:u",
    ]);
  });

  it("lease one token at a time from money and identity buckets and small budgets, up to 1 % of large ones", () => {
    const policy = { ipPerMinute: 600, userPerMinute: 30, sensitivePerMinute: 100_000 };
    const sizes = bucketsFor(policy, { ip: "a", userId: "u", procedure: "wallet.send", rateClass: "sensitive" }).map(leaseSize);
    expect(sizes).toEqual([6, 1, 1]);
    expect(leaseSize({ key: "ip:a", perMinute: 1_000_000 })).toBe(32);
  });
});

describe("upload budget", () => {
  it("adds an exact per-user bucket for picture uploads only, when a budget is configured", () => {
    const policy = { ipPerMinute: 600, userPerMinute: 300, sensitivePerMinute: 30, uploadsPerMinute: 20 };
    const call = { ip: "203.0.113.9", userId: "u1", procedure: UPLOAD_PROCEDURE, rateClass: "standard" as const };
    expect(bucketsFor(policy, call).map((b) => [b.key, b.perMinute, b.exact ?? false])).toEqual([
      ["ip:203.0.113.9", 600, false],
      ["user:u1", 300, false],
      ["upload:user:u1", 20, true],
    ]);
    expect(bucketsFor(policy, { ...call, procedure: "product.list", rateClass: "standard" }).map((b) => b.key)).toEqual(["ip:203.0.113.9", "user:u1"]);
    expect(bucketsFor({ ...policy, uploadsPerMinute: undefined }, call).map((b) => b.key)).toEqual(["ip:203.0.113.9", "user:u1"]);
  });
});
