import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { RateLimiter } from "./rate-limit";
import { leaseSize, RedisBucketStore } from "./redis-bucket-store";
import { createRateLimiter, MemoryBucketStore, type RateLimitPolicy } from "./token-bucket";

// Every store gets its own connection, as every server instance has its own.
const connections: Redis[] = [];
const prefixes: string[] = [];
const admin = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: 1 });

function connect(): Redis {
  const c = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: 1 });
  connections.push(c);
  return c;
}

/** Instances sharing one Redis under a key prefix of their own test. */
function instances(count: number, policy: RateLimitPolicy, opts: { now?: () => number } = {}): { prefix: string; limiters: RateLimiter[] } {
  const prefix = `rl-test:${randomUUID()}:`;
  prefixes.push(prefix);
  const limiters = Array.from({ length: count }, () => createRateLimiter(policy, new RedisBucketStore(connect(), new MemoryBucketStore(), { prefix, ...opts })));
  return { prefix, limiters };
}

/** Redis's own clock in milliseconds, the one the buckets refill by. */
async function redisTime(): Promise<number> {
  const [s, us] = await admin.time();
  return Number(s) * 1000 + Number(us) / 1000;
}

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
});

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
  }
  await admin.quit();
});

describe("token buckets shared through Redis", () => {
  it("never allow more than the budget plus the refill Redis's clock allows, whichever instance serves the calls", async () => {
    const policy = { ipPerMinute: 600, userPerMinute: 300, sensitivePerMinute: 1000 };
    expect(leaseSize({ key: "ip", perMinute: policy.ipPerMinute })).toBeGreaterThan(1);
    const { limiters } = instances(3, policy);
    const calls = limiters.flatMap((limiter) =>
      Array.from({ length: 400 }, (_, i) => ({ limiter, call: { ip: "203.0.113.9", userId: i % 2 ? "u1" : null, procedure: "product.list", rateClass: "standard" as const } })),
    );

    const before = await redisTime();
    const decisions = await Promise.all(calls.map(async ({ limiter, call }) => ({ call, decision: await limiter.check(call) })));
    const after = await redisTime();

    const allowed = decisions.filter((d) => d.decision.allowed);
    const elapsedMs = Math.ceil(after) - Math.floor(before);
    const bound = (perMinute: number) => Math.floor(perMinute + (perMinute / 60_000) * elapsedMs + 1e-9);
    // Every call takes from the address's bucket; calls with a user also from the user's.
    expect(allowed.length).toBeLessThanOrEqual(bound(policy.ipPerMinute));
    expect(allowed.filter((d) => d.call.userId).length).toBeLessThanOrEqual(bound(policy.userPerMinute));
    expect(allowed.length).toBeGreaterThan(0);
    for (const d of decisions) if (!d.decision.allowed) expect(d.decision.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("spend leased tokens instead of losing them when a burst arrives at once", async () => {
    const policy = { ipPerMinute: 600, userPerMinute: 600, sensitivePerMinute: 600 };
    // A clock that never advances: no lease lapses, so every token taken from Redis is there to be spent.
    const { limiters } = instances(2, policy, { now: () => 0 });
    const call = { ip: "203.0.113.10", userId: null, procedure: "product.list", rateClass: "standard" as const };
    const decisions = await Promise.all(limiters.flatMap((l) => Array.from({ length: 500 }, () => l.check(call))));
    const allowed = decisions.filter((d) => d.allowed).length;
    // At most the tokens left in one lease per instance go unspent.
    expect(allowed).toBeGreaterThanOrEqual(policy.ipPerMinute - limiters.length * leaseSize({ key: "ip", perMinute: policy.ipPerMinute }));
  });

  it("answer most calls of a busy client from the lease, without a Redis round trip", async () => {
    const redis = connect();
    let scripts = 0;
    // The real Redis, counted.
    const counted = {
      evalsha: (...args: Parameters<Redis["evalsha"]>) => (scripts++, redis.evalsha(...args)),
      eval: (...args: Parameters<Redis["eval"]>) => (scripts++, redis.eval(...args)),
    };
    const prefix = `rl-test:${randomUUID()}:`;
    prefixes.push(prefix);
    const limiter = createRateLimiter({ ipPerMinute: 1_000_000, userPerMinute: 1_000_000, sensitivePerMinute: 1_000_000 }, new RedisBucketStore(counted, new MemoryBucketStore(), { prefix }));
    const client = async (ip: string, procedure: string, rateClass: "standard" | "sensitive") => {
      for (let i = 0; i < 20; i++) expect((await limiter.check({ ip, userId: null, procedure, rateClass })).allowed).toBe(true);
    };
    // 50 concurrent clients on one address, 20 calls each: a lease of 32 serves many of them at once.
    await Promise.all(Array.from({ length: 50 }, () => client("203.0.113.14", "product.list", "standard")));
    expect(scripts).toBeLessThanOrEqual(100);
    // Money and identity calls go to Redis every time.
    scripts = 0;
    await client("203.0.113.15", "auth.signIn", "sensitive");
    expect(scripts).toBe(20);
  });

  it("take money and identity buckets one token at a time, and lease from large general ones", async () => {
    const { prefix, limiters } = instances(2, { ipPerMinute: 600, userPerMinute: 600, sensitivePerMinute: 1000 });
    for (let i = 0; i < 4; i++) expect((await limiters[i % 2]!.check({ ip: "203.0.113.11", userId: "u2", procedure: "checkout.place", rateClass: "sensitive" })).allowed).toBe(true);
    // lc: tokens leased beyond the one each call spent at once.
    expect(Number(await admin.hget(`${prefix}sensitive:user:u2`, "lc"))).toBe(0);
    expect(Number(await admin.hget(`${prefix}user:u2`, "lc"))).toBeGreaterThan(0);
  });

  it("refuse a client over its budget with the wait until its next token", async () => {
    const { limiters } = instances(2, { ipPerMinute: 600, userPerMinute: 600, sensitivePerMinute: 6 });
    const call = { ip: "203.0.113.12", userId: null, procedure: "auth.signIn", rateClass: "sensitive" as const };
    const before = await redisTime();
    let allowed = 0;
    let refused = null;
    for (let i = 0; i < 100 && !refused; i++) {
      const d = await limiters[i % 2]!.check(call);
      if (d.allowed) allowed += 1;
      else refused = d;
    }
    const elapsedMs = Math.ceil(await redisTime()) - Math.floor(before);
    expect(allowed).toBeLessThanOrEqual(Math.floor(6 + (6 / 60_000) * elapsedMs));
    // Six a minute: one token every ten seconds.
    expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(10);
  });

  it("fall back to in-process buckets when Redis is unreachable", async () => {
    const redis = connect();
    const errors: unknown[] = [];
    const prefix = `rl-test:${randomUUID()}:`;
    prefixes.push(prefix);
    const store = new RedisBucketStore(redis, new MemoryBucketStore(), { prefix, onFallback: (e) => errors.push(e) });
    const limiter = createRateLimiter({ ipPerMinute: 3, userPerMinute: 100, sensitivePerMinute: 100 }, store);
    const call = { ip: "203.0.113.13", userId: null, procedure: "product.list", rateClass: "standard" as const };
    expect((await limiter.check(call)).allowed).toBe(true);
    expect(store.degraded).toBe(false);

    redis.disconnect();
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.check(call));
    expect(store.degraded).toBe(true);
    expect(errors.length).toBe(1);
    // The in-process buckets start full: three more calls, then a refusal with the in-process wait.
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterSeconds).toBe(20);
  });
});
