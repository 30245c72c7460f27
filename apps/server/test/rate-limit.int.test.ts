import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer, type Running } from "./harness";

let s: Running;
const BUDGET = 30;
beforeAll(async () => {
  s = await startServer({ RATE_LIMIT_IP_PER_MINUTE: String(BUDGET), RATE_LIMIT_SENSITIVE_PER_MINUTE: "5" });
});
afterAll(async () => {
  await s?.stop();
});

const hit = () => fetch(`${s.url}/trpc/category.list`);

async function drain(): Promise<Response> {
  for (let i = 0; i < BUDGET * 3; i++) {
    const res = await hit();
    if (res.status === 429) return res;
    expect(res.status).toBe(200);
  }
  throw new Error("never limited");
}

describe("rate limits", () => {
  it("return 429 RATE_LIMIT.EXCEEDED with Retry-After after the budget, then recover", async () => {
    const limited = await drain();
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { error: { code: string } };
    expect(body.error.code).toBe("RATE_LIMIT.EXCEEDED");
    // The budget refills on the Redis clock; a refused request takes nothing from it, so ask until one passes.
    await vi.waitUntil(async () => (await hit()).status === 200, { timeout: 30_000 + retryAfter * 1000, interval: 250 });
  });

  it("are stricter for auth procedures", async () => {
    let status = 0;
    let n = 0;
    for (; n < 10 && status !== 429; n++) status = (await fetch(`${s.url}/trpc/auth.me`)).status;
    expect(status).toBe(429);
    expect(n).toBeLessThanOrEqual(6);
  });

  it("keep limiting after the limiter's Redis connection goes away", async () => {
    // The budget so far lived in Redis...
    expect(await s.app.redis.main?.exists(`${s.app.namespace}:rl:ip:127.0.0.1`)).toBe(1);
    // ...now only this server's limiter connection is cut; the shared Redis keeps running for everyone else.
    s.app.redis.limiter?.disconnect();
    const limited = await drain();
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });
});
