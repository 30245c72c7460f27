import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createInnerContext, memoryExchange } from "@caribex/api";
import { startServer, type Running } from "./harness";

// admin.system.health reads the running server: its readiness checks and its own metrics registry.

let s: Running;
beforeAll(async () => {
  s = await startServer({ DB_SEED_ON_START: "true" });
});
afterAll(async () => {
  await s?.stop();
});

const asAdmin = () =>
  createCaller(createInnerContext(s.app.deps, { principal: { kind: "session", user: { id: "00000000-0000-4000-8000-000000000001", role: "admin" } }, http: memoryExchange() }));

describe("admin.system.health", () => {
  it("reports readiness, process figures and the traffic the server counted", async () => {
    const before = await asAdmin().admin.system.health();
    expect(before.ready).toBe(true);
    expect(before.checks).toEqual({ database: "ok", redis: "ok" });

    await (await fetch(`${s.url}/trpc/category.list`)).arrayBuffer();
    await (await fetch(`${s.url}/trpc/category.list`)).arrayBuffer();
    await (await fetch(`${s.url}/trpc/nothing.here`)).arrayBuffer();
    await (await fetch(`${s.url}/trpc/admin.system.health`)).arrayBuffer();

    const h = await asAdmin().admin.system.health();
    expect(h.requests.total).toBe(before.requests.total + 4);
    expect(h.requests.byStatusClass["2xx"]).toBe(before.requests.byStatusClass["2xx"] + 2);
    expect(h.requests.byStatusClass["4xx"]).toBe(before.requests.byStatusClass["4xx"] + 2);
    expect(h.requests.byStatusClass["5xx"]).toBe(0);
    expect(h.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(h.uptimeSeconds).toBeGreaterThan(0);
    expect(h.eventLoopLagMs.p99).toBeGreaterThanOrEqual(0);
    expect(h.dbPoolInUse).toBeGreaterThanOrEqual(0);
    const l1 = h.cache.find((c) => c.level === "l1")!;
    // The first category.list missed. The second is an L1 hit unless the instance could not vouch for its L1 at
    // that moment (a heartbeat late on a loaded machine), so only the lookups themselves are certain.
    expect(l1.misses).toBeGreaterThanOrEqual(1);
    expect(l1.hits + l1.misses).toBeGreaterThanOrEqual(2);
    expect(l1.hitRatio).toBeCloseTo(l1.hits / (l1.hits + l1.misses));
  });

  it("turns a failing dependency into fail; Redis alone does not make the server unready", async () => {
    const stopped = s.app.redis.main!;
    stopped.disconnect();
    try {
      const h = await asAdmin().admin.system.health();
      expect(h.checks.redis).toBe("fail");
      expect(h.checks.database).toBe("ok");
      // Every use of Redis has a fallback: like /readyz, only the database decides readiness.
      expect(h.ready).toBe(true);
    } finally {
      stopped.connect().catch(() => {});
    }
  });

  it("is not reachable without an admin session over HTTP", async () => {
    const res = await fetch(`${s.url}/trpc/admin.system.health`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("AUTH.UNAUTHENTICATED");
  });
});
