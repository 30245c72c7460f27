import { randomUUID } from "node:crypto";
import { connect, createServer, type Socket } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createCache, type Cache, type CacheLevel, type CacheOptions } from "./cache";
import { testClock, type TestClock } from "./test-clock";

const REDIS_HOST = "127.0.0.1";
const REDIS_PORT = 6379;

// Nothing here waits for the clock. Redis calls get timeouts far beyond any real delay (slow is not down), and
// the tests about timeouts, leases and retries use a test clock whose timers fire only when the test moves it.
// A condition is polled with a generous limit that is only a safety net.
const SLOW_IS_NOT_DOWN_MS = 10_000;
const WAIT = { timeout: 30_000, interval: 5 };

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
    l2: { enabled: true, redis, ttlSeconds: 60, retryAfterMs: 100, timeoutMs: SLOW_IS_NOT_DOWN_MS },
    evictTimeoutMs: SLOW_IS_NOT_DOWN_MS,
    namespace: ns,
    metrics,
    ...over,
  });
  caches.push(cache);
  await inSync(cache);
  return { cache, counts };
}

/**
 * Waits until the cache is subscribed and a heartbeat has come back, so it answers from L1. Each ready() call
 * sends a heartbeat without moving any clock (on a test clock none go out by themselves, and one sent before
 * both connections were up is lost), so it is asked until one comes back.
 */
const inSync = (cache: Cache) =>
  vi.waitUntil(
    () => {
      const { subscribed, synced } = cache.stats();
      if (subscribed && synced) return true;
      void cache.ready();
      return false;
    },
    { ...WAIT, interval: 50 },
  );

const until = (check: () => boolean) => vi.waitUntil(check, WAIT);

/**
 * For tests on the test clock: a lease far longer than the test moves the clock while it waits for Redis, and a
 * confirmation timeout that is over long before the lease.
 */
const LONG_LEASE = { syncLeaseMs: 600_000, ackTimeoutMs: 10_000 };

/** Moves the test clock forward a step at a time until `check` holds. */
const advanceUntil = (clock: TestClock, check: () => boolean, stepMs = 100) =>
  vi.waitUntil(() => {
    if (check()) return true;
    clock.advance(stepMs);
    return false;
  }, WAIT);

/** Awaits work that needs time to pass (a timeout, a lease running out), moving the test clock until it settles. */
async function driven<T>(clock: TestClock, work: Promise<T>, stepMs = 100): Promise<T> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  await advanceUntil(clock, () => settled, stepMs);
  return work;
}

/** A promise the test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
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
    const redisA = client();
    const a = await instance(redisA);
    let loads = 0;
    const loader = async () => {
      loads++;
      return { id: "p1", stock: 3, priceMinor: 250000n };
    };
    await a.cache.get("product:p1", loader);
    // The L2 write is fire-and-forget, but Redis answers one connection in order: once this PING is answered,
    // the write sent before it has been applied.
    await redisA.ping();
    const b = await instance(client());
    expect(await b.cache.get("product:p1", loader)).toEqual({ id: "p1", stock: 3, priceMinor: 250000n });
    expect(loads).toBe(1);
    expect(b.counts.hit.l2).toBe(1);
    expect(b.counts.miss.l1).toBe(1);
  });

  it("makes every other instance read fresh data right after evict or evictFamily returns", async () => {
    // A busy machine may deliver a confirmation late; waiting it out would only make this test slow.
    const a = await instance(client(), { ackTimeoutMs: SLOW_IS_NOT_DOWN_MS });
    const b = await instance(client(), { ackTimeoutMs: SLOW_IS_NOT_DOWN_MS });
    const db = { product: 0, page: 0 };
    const product = async () => ({ v: db.product });
    const page = async () => ({ v: db.page });

    // B keeps reading in the background so loads race the writes.
    let stop = false;
    const noise = (async () => {
      while (!stop) {
        await Promise.all([b.cache.get("product:x", product), b.cache.getInFamily("products", "page:1", page)]);
        await new Promise((r) => setImmediate(r));
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
      const clock = testClock();
      const redis = client({ port: proxy.port });
      const { cache } = await instance(redis, {
        clock,
        l2: { enabled: true, redis, ttlSeconds: 60, timeoutMs: 50, retryAfterMs: 60_000 },
      });
      expect(await cache.get("warm", async () => 1)).toBe(1);
      await redis.ping(); // the fire-and-forget L2 write of "warm" is done
      expect(cache.stats().l2).toBe("closed");
      const before = cache.stats().l2Attempts;
      proxy.freeze();
      let loads = 0;
      // The first read sends its L2 lookup and gets no answer; its 50 ms run out when the clock says so.
      const first = cache.get("slow:0", async () => ++loads);
      await until(() => cache.stats().l2Attempts - before === 1);
      clock.advance(50);
      expect(await first).toBe(1);
      for (let i = 1; i < 50; i++) await cache.get(`slow:${i}`, async () => ++loads);
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
      await redisA.ping(); // A's fire-and-forget L2 writes are done

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
      // One test clock for both instances: B's lease runs out, and A's waits end, only when the test moves it.
      const clock = testClock();
      const timing = { clock, ...LONG_LEASE };
      const notes: string[] = [];
      const redisB = client({ port: proxy.port });
      const a = await instance(client(), { ...timing, onError: (e) => notes.push(String(e)) });
      const b = await instance(redisB, {
        ...timing,
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
      let returned = false;
      const evicting = a.cache.evict("product:f").then(() => (returned = true));
      // B never confirms. Once the confirmation timeout is over, A says it waits out B's lease...
      await advanceUntil(clock, () => notes.some((n) => n.includes("waiting out their sync lease")), 1_000);
      // ...and does not return while B could still answer from its L1.
      expect(b.cache.stats().synced).toBe(true);
      expect(returned).toBe(false);
      await driven(clock, evicting, 20_000);
      expect(b.cache.stats().synced).toBe(false);
      expect((await driven(clock, b.cache.get("product:f", load))).v).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("drops L1 once its subscriber is back, since evictions sent meanwhile were lost", async () => {
    const proxy = await redisProxy();
    try {
      const clock = testClock();
      const timing = { clock, ...LONG_LEASE };
      const redisB = client({ port: proxy.port, retryStrategy: () => 50 });
      const a = await instance(client(), timing);
      const b = await instance(redisB, timing);
      const db = { v: 1 };
      const load = async () => ({ v: db.v });
      expect((await b.cache.get("product:g", load)).v).toBe(1);

      await proxy.stop();
      await until(() => !b.cache.stats().subscribed);
      db.v = 2;
      // B cannot confirm: A waits out B's lease, on the test clock.
      await driven(clock, a.cache.evict("product:g"), 20_000);
      expect((await driven(clock, b.cache.get("product:g", load))).v).toBe(2);

      await proxy.start();
      // B trusts its L1 again once a heartbeat comes back over both of its reconnected connections.
      await inSync(b.cache);
      expect((await driven(clock, b.cache.get("product:g", load))).v).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("never lets a load that began before a write put its old value back into L2", async () => {
    const a = await instance(client());
    // Listens on another channel: it never hears A's eviction, like an instance that missed it.
    const deafRedis = client();
    const deaf = await instance(deafRedis, { channel: `${ns}:elsewhere`, l1: { enabled: false, maxBytes: 0, ttlMs: 0 } });
    const db = { v: 1 };
    const loading = gate();
    const release = gate();
    const slow = deaf.cache.get("product:h", async () => {
      const v = db.v;
      loading.open(); // the L2 lookup (and the generation it saw) is behind us
      await release.opened;
      return { v };
    });
    await loading.opened;
    db.v = 2;
    await a.cache.evict("product:h");
    release.open();
    expect((await slow).v).toBe(1);
    await deafRedis.ping(); // the deaf instance's attempt to store its old value has been answered
    const c = await instance(client());
    expect((await c.cache.get("product:h", async () => ({ v: db.v }))).v).toBe(2);
  });

  it("coalesces a stampede across the L2 miss into one load", async () => {
    const { cache } = await instance(client());
    let loads = 0;
    const loaded = gate();
    const pending = Array.from({ length: 1000 }, () =>
      cache.get("stampede", async () => {
        loads++;
        await loaded.opened;
        return "v";
      }),
    );
    loaded.open();
    const results = await Promise.all(pending);
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
