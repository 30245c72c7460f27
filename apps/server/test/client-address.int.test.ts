import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./harness";

// What a reverse proxy does: many visitors' requests over the one kept-alive connection it holds to the API,
// each carrying the visitor's address in X-Forwarded-For.
const BUDGET = 5;
const ALICE = "198.51.100.7";
const BOB = "203.0.113.9";

interface Proxy {
  get(path: string, forwardedFor: string): Promise<number>;
  close(): void;
}

function proxyTo(base: string): Proxy {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path, forwardedFor) =>
      new Promise((resolve, reject) => {
        const req = request(`${base}${path}`, { agent, headers: { "x-forwarded-for": forwardedFor } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

async function start(trustProxy: string) {
  const s = await startServer({ TRUST_PROXY: trustProxy, RATE_LIMIT_IP_PER_MINUTE: String(BUDGET) });
  let connections = 0;
  s.app.server.on("connection", () => connections++);
  return { s, proxy: proxyTo(s.url), connections: () => connections };
}

/** Spends a client's per-address budget; returns the status that ended it. */
async function drain(proxy: Proxy, forwardedFor: string): Promise<number> {
  for (let i = 0; i < BUDGET * 3; i++) {
    const status = await proxy.get("/trpc/category.list", forwardedFor);
    if (status !== 200) return status;
  }
  throw new Error("never limited");
}

describe("rate limits behind one trusted proxy (TRUST_PROXY=1)", () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start("1");
  });
  afterAll(async () => {
    t?.proxy.close();
    await t?.s.stop();
  });

  it("give two visitors behind the same proxy connection their own budgets", async () => {
    expect(await drain(t.proxy, ALICE)).toBe(429);
    expect(await t.proxy.get("/trpc/category.list", ALICE)).toBe(429);
    // Bob shares the proxy's socket with Alice, and still has his whole budget.
    expect(await t.proxy.get("/trpc/category.list", BOB)).toBe(200);
    expect(await t.proxy.get("/trpc/auth.me", BOB)).toBe(200);
    // What the client itself wrote left of the proxy's entry is not trusted: Alice cannot pose as someone else.
    expect(await t.proxy.get("/trpc/category.list", `192.0.2.1, ${ALICE}`)).toBe(429);
    expect(t.connections()).toBe(1);
    expect(await t.s.app.redis.main?.exists(`${t.s.app.namespace}:rl:ip:${ALICE}`)).toBe(1);
  });

  it("keys a malformed header on the proxy itself, not on the garbage", async () => {
    expect(await t.proxy.get("/trpc/category.list", "definitely-not-an-ip")).toBe(200);
    expect(await t.s.app.redis.main?.exists(`${t.s.app.namespace}:rl:ip:127.0.0.1`)).toBe(1);
    expect(await t.s.app.redis.main?.exists(`${t.s.app.namespace}:rl:ip:definitely-not-an-ip`)).toBe(0);
  });
});

describe("rate limits with no trusted proxy (TRUST_PROXY=0, the default)", () => {
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start("0");
  });
  afterAll(async () => {
    t?.proxy.close();
    await t?.s.stop();
  });

  it("ignore a forged X-Forwarded-For: a new address in the header buys no new budget", async () => {
    expect(await drain(t.proxy, ALICE)).toBe(429);
    expect(await t.proxy.get("/trpc/category.list", BOB)).toBe(429);
    expect(await t.proxy.get("/trpc/category.list", "192.0.2.1")).toBe(429);
    expect(t.connections()).toBe(1);
    expect(await t.s.app.redis.main?.exists(`${t.s.app.namespace}:rl:ip:${ALICE}`)).toBe(0);
  });
});
