import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { SERVICE_SCOPES } from "@caribex/domain";
import type { Services } from "@caribex/application";
import type { AdminSystemHealth } from "@caribex/contracts";
import { createInnerContext, type Principal, type SystemPort } from "../../context";
import { createCaller } from "../../root";

const services = {} as Services;

const figures: AdminSystemHealth = {
  ready: false,
  checks: { database: "ok", redis: "fail" },
  uptimeSeconds: 12.5,
  rssBytes: 123_456_789,
  eventLoopLagMs: { mean: 10.2, p99: 21.1, max: 40 },
  requests: { total: 10, byStatusClass: { "1xx": 0, "2xx": 7, "3xx": 0, "4xx": 2, "5xx": 1 } },
  cache: [
    { level: "l1", hits: 3, misses: 1, hitRatio: 0.75 },
    { level: "l2", hits: 0, misses: 0, hitRatio: null },
  ],
  dbPoolInUse: 2,
  checkedAt: new Date("2026-01-02T03:04:05Z"),
};

let calls = 0;
const system: SystemPort = {
  health: async () => {
    calls++;
    return figures;
  },
};

const admin: Principal = { kind: "session", user: { id: "a1", role: "admin" } };
const health = (principal: Principal, port: SystemPort | null = system) =>
  createCaller(createInnerContext({ services, ...(port ? { system: port } : {}) }, { principal })).admin.system.health();

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as TRPCError).code;
  }
}

describe("admin.system.health", () => {
  it("gives an administrator the server's own figures", async () => {
    const before = calls;
    expect(await health(admin)).toEqual(figures);
    expect(calls).toBe(before + 1);
  });

  it("is refused to everyone else, before the server is even asked", async () => {
    const before = calls;
    expect(await codeOf(health({ kind: "anonymous" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(health({ kind: "session", user: { id: "c1", role: "customer" } }))).toBe("FORBIDDEN");
    expect(await codeOf(health({ kind: "session", user: { id: "s1", role: "seller" } }))).toBe("FORBIDDEN");
    // Not even a service token with every scope.
    expect(await codeOf(health({ kind: "service", user: { id: "a1", role: "service" }, clientId: "svc", scopes: [...SERVICE_SCOPES] }))).toBe("FORBIDDEN");
    expect(calls).toBe(before);
  });

  it("rejects figures that break the contract instead of passing them on", async () => {
    const broken: SystemPort = { health: async () => ({ ...figures, rssBytes: -1 }) };
    expect(await codeOf(health(admin, broken))).toBe("INTERNAL_SERVER_ERROR");
  });

  it("fails plainly where no server provides the figures", async () => {
    expect(await codeOf(health(admin, null))).toBe("INTERNAL_SERVER_ERROR");
  });
});
