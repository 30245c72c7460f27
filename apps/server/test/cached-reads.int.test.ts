import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import superjson from "superjson";
import { privateKeyToAccount } from "viem/accounts";
import { DEMO_KEYS } from "@caribex/db";
import { signIn, startServer, type Running } from "./harness";

// Anonymous catalogue reads are answered from cached response bytes, keyed on the input as the procedure parses
// it. These tests hold that path to the normal one: same bytes, one entry for every spelling of one query, fresh
// after every write that changes what it shows, errors never cached, the rate limit charged once, signed-in callers
// never served from it.

let s: Running;
let seller: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let shopper: Awaited<ReturnType<typeof signIn>>;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  s = await startServer(
    { DB_SEED_ON_START: "true", LOG_LEVEL: "info" },
    { logDestination: { write: (chunk: string) => void logLines.push(...chunk.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>)) } },
  );
  [admin, seller, shopper] = await Promise.all([
    signIn(s.url, privateKeyToAccount(DEMO_KEYS[0]!.privateKey)),
    signIn(s.url, privateKeyToAccount(DEMO_KEYS[1]!.privateKey)),
    signIn(s.url, privateKeyToAccount(DEMO_KEYS[4]!.privateKey)),
  ]);
});
afterAll(async () => {
  await s?.stop();
});

const query = (procedure: string, input?: unknown) =>
  `${s.url}/trpc/${procedure}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`}`;

interface Raw {
  status: number;
  contentType: string | null;
  body: string;
  /** The cached path answers with a length; the tRPC adapter streams its answer in chunks. */
  fromCache: boolean;
}

async function raw(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  const res = await fetch(url, { headers });
  return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text(), fromCache: res.headers.get("content-length") !== null };
}

// A session cookie that does not unseal: the normal pipeline, as an anonymous caller.
const NORMAL = { cookie: "caribex_session=not-a-session" };

const anon = (procedure: string, input?: unknown) => raw(query(procedure, input));
const json = <T>(r: Raw) => superjson.deserialize<T>((JSON.parse(r.body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } }).result.data);

interface P {
  id: string;
  title: string;
  price: bigint;
  quantity: number;
}

async function newProduct(quantity = 5): Promise<P> {
  return seller.client.seller.product.create.mutate({ title: `Hot path ${randomUUID().slice(0, 8)}`, description: "", price: 1500n, currency: "JMD", quantity });
}

describe("cached anonymous reads", () => {
  it("answer with exactly the bytes, status and content type of the normal path", async () => {
    const p = await newProduct();
    const urls = [
      query("product.list", { pageSize: 20 }),
      query("product.list"),
      query("product.byId", { id: p.id }),
      query("category.list"),
      // A batch as the storefront's client sends it.
      `${s.url}/trpc/category.list,product.list,product.byId?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize(undefined), 1: superjson.serialize({ pageSize: 3, sort: "price_asc" }), 2: superjson.serialize({ id: p.id }) }))}`,
    ];
    for (const url of urls) {
      const cold = await raw(url);
      const hot = await raw(url);
      const normal = await raw(url, NORMAL);
      expect(hot.fromCache, url).toBe(true);
      expect(normal.fromCache, url).toBe(false);
      for (const r of [cold, hot]) {
        expect(r.status, url).toBe(normal.status);
        expect(r.contentType, url).toBe(normal.contentType);
        expect(r.body, url).toBe(normal.body);
      }
      expect(normal.status).toBe(200);
    }
  });

  it("keep one entry for every spelling of one query: whitespace, key order and superjson's envelope", async () => {
    const redis = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });
    await redis.connect();
    const ours = async () => {
      let keys = 0;
      let bytes = 0;
      for await (const batch of redis.scanStream({ match: `${s.app.namespace}:*`, count: 1000 }) as AsyncIterable<string[]>) {
        for (const k of batch) {
          keys++;
          bytes += (await redis.memory("USAGE", k)) ?? 0;
        }
      }
      return { keys, bytes };
    };
    try {
      const first = await anon("product.list", { pageSize: 7, sort: "price_desc" });
      expect(first.status).toBe(200);
      const before = await ours();
      // 5 × 6 × 5 × 2 = 300 different texts of the same query.
      const variants = Array.from({ length: 300 }, (_, i) => {
        const [a, b, c] = [" ".repeat(i % 5), " ".repeat(Math.floor(i / 5) % 6), " ".repeat(Math.floor(i / 30) % 5)];
        const fields = [`"pageSize"${a}:${b}7`, `"sort":${c}"price_desc"`];
        if (Math.floor(i / 150) % 2) fields.reverse();
        const input = `{${b}"json":${a}{${fields.join(`,${c}`)}}${a}}`;
        return `${s.url}/trpc/product.list?input=${encodeURIComponent(input)}`;
      });
      expect(new Set(variants).size).toBe(300);
      for (let i = 0; i < variants.length; i += 30) {
        const answers = await Promise.all(variants.slice(i, i + 30).map((u) => raw(u)));
        for (const a of answers) {
          expect(a.fromCache).toBe(true);
          expect(a.body).toBe(first.body);
        }
      }
      const after = await ours();
      // Not one more key, and well under a kilobyte of growth (each separately stored spelling cost ~9 KB).
      expect(after.keys).toBe(before.keys);
      expect(after.bytes - before.bytes).toBeLessThan(1024);
    } finally {
      redis.disconnect();
    }
  });

  it("are fresh after a seller updates and then archives a product", async () => {
    const p = await newProduct();
    const list = { pageSize: 50, sellerId: seller.user.id };
    const titleInList = async () => json<{ items: P[] }>(await anon("product.list", list)).items.find((x) => x.id === p.id)?.title;
    expect(json<P>(await anon("product.byId", { id: p.id })).price).toBe(1500n);
    expect(await titleInList()).toBe(p.title);
    // Both now come from the cached bytes.
    expect((await anon("product.byId", { id: p.id })).fromCache).toBe(true);

    await seller.client.seller.product.update.mutate({ id: p.id, price: 2750n, title: `${p.title} (new)` });
    const after = await anon("product.byId", { id: p.id });
    expect(json<P>(after).price).toBe(2750n);
    expect(await titleInList()).toBe(`${p.title} (new)`);

    await seller.client.seller.product.archive.mutate({ id: p.id });
    const gone = await anon("product.byId", { id: p.id });
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.body)).toMatchObject({ error: { code: "PRODUCT.NOT_FOUND" } });
    expect(await titleInList()).toBeUndefined();
  });

  it("are fresh after a checkout changes stock", async () => {
    const p = await newProduct(7);
    const inList = async () => json<{ items: P[] }>(await anon("product.list", { pageSize: 50, sellerId: seller.user.id })).items.find((x) => x.id === p.id)?.quantity;
    expect(json<P>(await anon("product.byId", { id: p.id })).quantity).toBe(7);
    expect(await inList()).toBe(7);

    await admin.client.admin.wallet.credit.mutate({ userId: shopper.user.id, currency: "JMD", amount: 100_000n, idempotencyKey: randomUUID() });
    await shopper.client.cart.clear.mutate();
    await shopper.client.cart.setItem.mutate({ productId: p.id, quantity: 3 });
    await shopper.client.checkout.place.mutate({ idempotencyKey: randomUUID() });

    expect(json<P>(await anon("product.byId", { id: p.id })).quantity).toBe(4);
    expect(await inList()).toBe(4);
  });

  it("never cache an error: an unknown id is NOT_FOUND every time and leaves no cached bytes", async () => {
    const id = randomUUID();
    for (let i = 0; i < 2; i++) {
      const r = await anon("product.byId", { id });
      const normal = await raw(query("product.byId", { id }), NORMAL);
      expect(r.status).toBe(404);
      expect(r.body).toBe(normal.body);
      expect(r.contentType).toBe(normal.contentType);
    }
    let loaded = false;
    await s.app.cache.getRaw(`product:${id}`, async () => {
      loaded = true;
      return "";
    });
    expect(loaded).toBe(true);
    await s.app.cache.evict(`product:${id}`);

    // Invalid input is the normal pipeline's to refuse, with its usual answer.
    const bad = await raw(`${s.url}/trpc/product.byId?input=${encodeURIComponent(JSON.stringify({ json: { id: "nope" } }))}`);
    expect(bad.status).toBe(400);
    expect(bad.fromCache).toBe(false);
  });

  it("are bypassed by a session cookie: a seller still sees their own archived product", async () => {
    const p = await newProduct();
    await anon("product.byId", { id: p.id });
    expect((await anon("product.byId", { id: p.id })).fromCache).toBe(true);
    const withCookie = await seller.fetch(query("product.byId", { id: p.id }));
    expect(withCookie.headers.get("content-length")).toBeNull();
    await withCookie.arrayBuffer();

    await seller.client.seller.product.archive.mutate({ id: p.id });
    expect((await anon("product.byId", { id: p.id })).status).toBe(404);
    const own = await seller.client.product.byId.query({ id: p.id });
    expect(own.id).toBe(p.id);
    // A bearer token takes the normal path too (and a bad one is refused, not served from the cache).
    expect((await raw(query("category.list"), { authorization: "Bearer nonsense" })).status).toBe(401);
  });

  it("still count, log and rate limit every request", async () => {
    const url = query("category.list");
    await raw(url);
    const before = await s.app.metrics.metricsText();
    const count = (text: string) => Number(/CaribEX_requests_total\{method="GET",path="category.list",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    for (let i = 0; i < 3; i++) expect((await raw(url)).fromCache).toBe(true);
    expect(count(await s.app.metrics.metricsText())).toBe(count(before) + 3);

    const requestId = `hot-${randomUUID()}`;
    const res = await fetch(url, { headers: { "x-request-id": requestId } });
    expect(res.headers.get("x-request-id")).toBe(requestId);
    await res.arrayBuffer();
    // The log line is written when the response finishes, which the client may see first.
    const line = await vi.waitUntil(() => logLines.find((l) => l.request_id === requestId), { timeout: 30_000, interval: 10 });
    expect(line).toMatchObject({ msg: "request", path: "category.list", status: 200, user_hash: null });
  });
});

describe("rate limits on cached reads", () => {
  let limited: Running;
  beforeAll(async () => {
    // One trusted proxy, so a test can take a bucket of its own through X-Forwarded-For.
    limited = await startServer({ RATE_LIMIT_IP_PER_MINUTE: "5", TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("are charged once when a failed read goes on to the normal pipeline", async () => {
    // Another address, so this test has a bucket of its own.
    const headers = { "x-forwarded-for": "203.0.113.77" };
    const url = `${limited.url}/trpc/product.byId?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ id: randomUUID() })))}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await fetch(url, { headers });
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    // A budget of 5 a minute: charged twice per request, only two or three unknown ids would be looked up.
    expect(statuses.filter((x) => x === 404).length).toBeGreaterThanOrEqual(5);
    expect(statuses.at(-1)).toBe(429);
  });

  it("apply per client address, with the normal 429 answer", async () => {
    const url = `${limited.url}/trpc/category.list`;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) {
      last = await fetch(url);
      statuses.push(last.status);
      if (last.status !== 429) await last.arrayBuffer();
    }
    expect(statuses.filter((x) => x === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMIT.EXCEEDED");
  });
});
