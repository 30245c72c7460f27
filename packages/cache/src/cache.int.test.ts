import { randomUUID } from "node:crypto";
import { connect, createServer, type Socket } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCache, type Cache, type CacheLevel, type CacheOptions } from "./cache";

const REDIS_HOST = "127.0.0.1";
const REDIS_PORT = 6379;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Every run gets its own key prefix and eviction channel, so parallel runs never see each other.
const ns = `test:cache:${randomUUID()}`;
const clients: Redis[] = [];
const caches: Cache[] = [];

function client(options: RedisOptions = {}) {
  const c = new Redis({ host: REDIS_HOST, port: REDIS_PORT, maxRetriesPerRequest: 1, ...options });
  c.on("error", () => {});
  clients.push(c);
  return c;
}

function counter() {
  const counts = { hit: { l1: 0, l2: 0 }, miss: { l1: 0, l2: 0 } };
  return {
    counts,
    metrics: { hit: (l: CacheLevel) => counts.hit[l]++, miss: (l: CacheLevel) => counts.miss[l]++ },
  };
}

async function instance(redis: Redis | undefined, over: Partial<CacheOptions> = {}) {
  const { counts, metrics } = counter();
  const cache = createCache({
    l1: { enabled: true, maxBytes: 5_000_000, ttlMs: 60_000 },
    l2: { enabled: true, redis, ttlSeconds: 60, retryAfterMs: 100 },
    namespace: ns,
    metrics,
    ...over,
  });
  caches.push(cache);
  expect(await cache.ready()).toBe(true);
  return { cache, counts };
}

async function until(check: () => boolean, ms = 3_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await sleep(10);
  }
}

let admin: Redis;
beforeAll(() => {
  admin = client();
});

afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  let cursor = "0";
  do {
    const [next, keys] = await admin.scan(cursor, "MATCH", `${ns}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await admin.unlink(...keys);
  } while (cursor !== "0");
  for (const c of clients) c.disconnect();
});

describe("cache with Redis", () => {
  it("serves from L2 when the local copy is gone, with bigint intact", async () => {
    const a = await instance(client());
    let loads = 0;
    const loader = async () => {
      loads++;
      return { id: "p1", stock: 3, priceMinor: 250000n };
    };
    await a.cache.get("product:p1", loader);
    await sleep(20); // the L2 write is fire-and-forget
    const b = await instance(client());
    expect(await b.cache.get("product:p1", loader)).toEqual({ id: "p1", stock: 3, priceMinor: 250000n });
    expect(loads).toBe(1);
    expect(b.counts.hit.l2).toBe(1);
    expect(b.counts.miss.l1).toBe(1);
  });

  it("makes every other instance read fresh data right after evict or evictFamily returns", async () => {
    const a = await instance(client());
    const b = await instance(client());
    const db = { product: 0, page: 0 };
    const product = async () => ({ v: db.product });
    const page = async () => ({ v: db.page });

    // B keeps reading in the background so loads race the writes.
    let stop = false;
    const noise = (async () => {
      while (!stop) {
        await Promise.all([b.cache.get("product:x", product), b.cache.getInFamily("products", "page:1", page)]);
        await sleep(0);
      }
    })();

    for (let i = 1; i <= 150; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      await writer.cache.get("product:x", product);
      await reader.cache.get("product:x", product);
      await reader.cache.getInFamily("products", "page:1", page);

      db.product = i;
      await writer.cache.evict("product:x");
      expect((await reader.cache.get("product:x", product)).v).toBe(i);

      db.page = i;
      await writer.cache.evictFamily("products");
      expect((await reader.cache.getInFamily("products", "page:1", page)).v).toBe(i);
      expect((await b.cache.get("product:x", product)).v).toBe(i);
    }
    stop = true;
    await noise;
    // Nothing stale was left behind in L2 either.
    const c = await instance(client());
    expect((await c.cache.get("product:x", product)).v).toBe(150);
    expect((await c.cache.getInFamily("products", "page:1", page)).v).toBe(150);
  });

  it("evicts raw (serialized) entries under the same keys and families", async () => {
    const a = await instance(client());
    const b = await instance(client());
    let body = '{"v":1}';
    await b.cache.getRaw("product:r", async () => body);
    await b.cache.getRawInFamily("products", "resp:list", async () => body);
    body = '{"v":2}';
    await a.cache.invalidate({ keys: ["product:r"], families: ["products"] });
    expect(await b.cache.getRaw("product:r", async () => body)).toBe(body);
    expect(await b.cache.getRawInFamily("products", "resp:list", async () => body)).toBe(body);
  });

  it("answers quickly from the loader, never from an L1 it cannot vouch for, when Redis is unreachable", async () => {
    // A port nobody listens on: the client never becomes ready.
    const { cache } = await instanceNoWait(client({ port: 1, retryStrategy: () => 200 }));
    let loads = 0;
    for (let i = 0; i < 50; i++) {
      expect(await cache.get(`k:${i % 5}`, async () => ++loads)).toBeGreaterThan(0);
    }
    // Without heartbeats, evictions from other instances could be missing here, so every read loads.
    expect(loads).toBe(50);
    expect(cache.stats().synced).toBe(false);
    expect(cache.stats().l2).toBe("open");
    expect(cache.stats().l2Attempts).toBe(0);
    await cache.evict("k:1");
    expect(cache.stats().pendingEvictions).toBe(1);
  });

  it("keeps a stampede to a few loads while it cannot vouch for L1, and never serves a load older than the read", async () => {
    const { cache } = await instanceNoWait(client({ port: 1, retryStrategy: () => 200 }));
    expect(cache.stats().synced).toBe(false);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const loader = async () => {
      const n = ++loads;
      await gate;
      return n;
    };
    // 500 readers in one burst share one load.
    const first = Array.from({ length: 500 }, () => cache.get("hot", loader));
    await new Promise((r) => setImmediate(r));
    // Readers arriving while that load runs may not join it (a write may have happened since it started):
    // they wait for it and share one load of their own, which starts after all of them arrived.
    const second = Array.from({ length: 500 }, () => cache.get("hot", loader));
    release();
    expect(new Set(await Promise.all(first))).toEqual(new Set([1]));
    expect(new Set(await Promise.all(second))).toEqual(new Set([2]));
    expect(loads).toBe(2);
  });

  it("stops waiting on a Redis that is connected but no longer answers", async () => {
    const proxy = await redisProxy();
    try {
      const redis = client({ port: proxy.port });
      const { cache } = await instance(redis, {
        l2: { enabled: true, redis, ttlSeconds: 60, timeoutMs: 50, retryAfterMs: 60_000 },
      });
      expect(await cache.get("warm", async () => 1)).toBe(1);
      const before = cache.stats().l2Attempts;
      proxy.freeze();
      let loads = 0;
      for (let i = 0; i < 50; i++) await cache.get(`slow:${i}`, async () => ++loads);
      expect(loads).toBe(50);
      // One call paid the timeout; the breaker kept the other 49 away from Redis.
      expect(cache.stats().l2Attempts - before).toBe(1);
      expect(cache.stats().l2).toBe("open");
    } finally {
      await proxy.close();
    }
  });

  it("survives Redis going away, replays missed evictions and resumes L2 hits when it returns", async () => {
    const proxy = await redisProxy();
    try {
      const redisA = client({ port: proxy.port, retryStrategy: () => 50 });
      const a = await instance(redisA);
      const b = await instance(client());
      const db = { v: 1 };
      const load = async () => ({ v: db.v });
      await a.cache.get("product:d", load);
      await b.cache.get("product:d", load);
      await a.cache.get("product:other", async () => ({ v: 42 }));
      await sleep(20);

      await proxy.stop();
      await until(() => redisA.status !== "ready");
      // Writes and reads keep working on A while Redis is gone.
      db.v = 2;
      await a.cache.evict("product:d");
      for (let i = 0; i < 20; i++) expect((await a.cache.get("product:d", load)).v).toBe(2);
      expect(a.cache.stats().l2).toBe("open");
      expect(a.cache.stats().pendingEvictions).toBe(1);

      await proxy.start();
      await until(() => a.cache.stats().l2 === "closed");
      expect(a.cache.stats().pendingEvictions).toBe(0);
      // B heard the replayed eviction, and the L2 copy is gone too.
      expect((await b.cache.get("product:d", load)).v).toBe(2);
      // A dropped its L1 on recovery, so this read is an L2 hit again.
      const hitsBefore = a.counts.hit.l2;
      expect(await a.cache.get("product:other", async () => ({ v: -1 }))).toEqual({ v: 42 });
      expect(a.counts.hit.l2).toBe(hitsBefore + 1);
    } finally {
      await proxy.close();
    }
  });

  it("does not let a write return while a stalled instance could still answer from its L1", async () => {
    const proxy = await redisProxy();
    try {
      const short = { syncLeaseMs: 400, ackTimeoutMs: 100 };
      const redisB = client({ port: proxy.port });
      const a = await instance(client(), short);
      const b = await instance(redisB, {
        ...short,
        l2: { enabled: true, redis: redisB, ttlSeconds: 60, timeoutMs: 50, retryAfterMs: 60_000 },
      });
      const db = { v: 1 };
      const load = async () => ({ v: db.v });
      expect((await b.cache.get("product:f", load)).v).toBe(1);
      expect((await b.cache.get("product:f", load)).v).toBe(1);
      expect(b.counts.hit.l1).toBe(1);

      // B is connected but hears nothing, like a process stuck in a long pause: it cannot confirm.
      proxy.freeze();
      db.v = 2;
      const started = performance.now();
      await a.cache.evict("product:f");
      // A waited until B's lease was over instead of trusting the confirmation timeout.
      expect(performance.now() - started).toBeGreaterThanOrEqual(350);
      expect(b.cache.stats().synced).toBe(false);
      expect((await b.cache.get("product:f", load)).v).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("drops L1 once its subscriber is back, since evictions sent meanwhile were lost", async () => {
    const proxy = await redisProxy();
    try {
      const short = { syncLeaseMs: 400, ackTimeoutMs: 100 };
      const redisB = client({ port: proxy.port, retryStrategy: () => 50 });
      const a = await instance(client(), short);
      const b = await instance(redisB, short);
      const db = { v: 1 };
      const load = async () => ({ v: db.v });
      expect((await b.cache.get("product:g", load)).v).toBe(1);

      await proxy.stop();
      await until(() => !b.cache.stats().subscribed);
      db.v = 2;
      await a.cache.evict("product:g");
      expect((await b.cache.get("product:g", load)).v).toBe(2);

      await proxy.start();
      await until(() => b.cache.stats().synced);
      expect((await b.cache.get("product:g", load)).v).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("never lets a load that began before a write put its old value back into L2", async () => {
    const a = await instance(client());
    // Listens on another channel: it never hears A's eviction, like an instance that missed it.
    const deaf = await instance(client(), { channel: `${ns}:elsewhere`, l1: { enabled: false, maxBytes: 0, ttlMs: 0 } });
    const db = { v: 1 };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = deaf.cache.get("product:h", async () => {
      const v = db.v;
      await gate;
      return { v };
    });
    await sleep(20);
    db.v = 2;
    await a.cache.evict("product:h");
    release();
    expect((await slow).v).toBe(1);
    await sleep(50);
    const c = await instance(client());
    expect((await c.cache.get("product:h", async () => ({ v: db.v }))).v).toBe(2);
  });

  it("coalesces a stampede across the L2 miss into one load", async () => {
    const { cache } = await instance(client());
    let loads = 0;
    const results = await Promise.all(
      Array.from({ length: 1000 }, () =>
        cache.get("stampede", async () => {
          loads++;
          await sleep(10);
          return "v";
        }),
      ),
    );
    expect(loads).toBe(1);
    expect(results.every((r) => r === "v")).toBe(true);
  });
});

// For clients that will never (or not yet) connect: ready() would wait for a subscription that cannot happen.
async function instanceNoWait(redis: Redis, over: Partial<CacheOptions> = {}) {
  const { counts, metrics } = counter();
  const cache = createCache({
    l1: { enabled: true, maxBytes: 5_000_000, ttlMs: 60_000 },
    l2: { enabled: true, redis, ttlSeconds: 60, retryAfterMs: 100 },
    namespace: ns,
    metrics,
    ...over,
  });
  caches.push(cache);
  return { cache, counts };
}

// A TCP hop in front of the real Redis that a test can freeze (connected, silent) or stop and start again
// (connections cut and refused, then accepted on the same port), without touching the shared server.
async function redisProxy() {
  const sockets = new Set<Socket>();
  let frozen = false;
  const server = createServer((down) => {
    const up = connect(REDIS_PORT, REDIS_HOST);
    sockets.add(down);
    sockets.add(up);
    down.on("data", (d) => frozen || up.write(d));
    up.on("data", (d) => frozen || down.write(d));
    const drop = () => {
      down.destroy();
      up.destroy();
      sockets.delete(down);
      sockets.delete(up);
    };
    for (const s of [down, up]) {
      s.on("close", drop);
      s.on("error", drop);
    }
  });
  const listen = (port: number) => new Promise<void>((r) => server.listen(port, REDIS_HOST, r));
  const stop = () =>
    new Promise<void>((r) => {
      if (!server.listening) return r();
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    port,
    freeze: () => void (frozen = true),
    stop,
    start: () => listen(port),
    close: stop,
  };
}
