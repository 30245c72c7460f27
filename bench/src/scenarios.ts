import { randomBytes, randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import postgres from "postgres";
import superjson from "superjson";
import type { Hex } from "viem";
import { DEMO_ACCOUNTS } from "@caribex/client";
import { generatePrivateKey } from "viem/accounts";
import { errorCode, signIn, type SignedIn } from "./client";
import { cpuSecondsOf, metricSum, startBareServer, type ServerProcess } from "./infra";
import { mapLimit, Samples } from "./stats";

/** Demo seed: its admin and first seller, from the one demo-accounts list. */
export const ADMIN_KEY: Hex = DEMO_ACCOUNTS.find((a) => a.role === "admin")!.privateKey;
export const SELLER_KEY: Hex = DEMO_ACCOUNTS.find((a) => a.role === "seller")!.privateKey;

const SETUP_CONCURRENCY = 16;
const SETTLE_MS = 500;

const listPath = (input: unknown) => `/trpc/product.list?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;

export interface LoadStats {
  rps: number;
  /** CPU time the serving process spent per completed request, in microseconds. */
  cpuUsPerRequest: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
}

// ---- cached product.list vs bare node:http -----------------------------------------------------------------

export interface ListOptions {
  connections: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
}

export interface ListResult {
  ours: LoadStats;
  bare: LoadStats;
  bodyBytes: number;
  /** What served our side during the measured rounds, from the server's own counters. */
  served: { l1Hits: number; l2Hits: number; l2Misses: number; dbQueries: number };
}

async function cannon(url: string, connections: number, seconds: number, samples?: Samples) {
  const instance = autocannon({ url, connections, duration: seconds, timeout: 10 });
  if (samples) {
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status === 200) samples.add(ms);
    });
  }
  const r = await instance;
  // Requests still in flight when the clock stopped finish now, outside the next measurement.
  await sleep(SETTLE_MS);
  return { ok: r["2xx"], failures: r.non2xx + r.errors + r.timeouts, seconds: r.duration };
}

/**
 * The storefront's first page through the API, against a bare node:http server sending the very same bytes.
 * Rounds alternate which one goes first, so drift on a shared machine hits both sides alike.
 */
export async function listVersusBare(server: ServerProcess, opts: ListOptions): Promise<ListResult> {
  const url = server.url + listPath({ pageSize: 20 });
  // The first request fills the cache; the second is what every measured request gets.
  await fetch(url).then((r) => r.arrayBuffer());
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`product.list answered ${res.status}: ${body.toString().slice(0, 200)}`);
  const contentType = res.headers.get("content-type") ?? "application/json";
  const file = path.join(tmpdir(), `caribex-bench-body-${randomBytes(4).toString("hex")}.json`);
  writeFileSync(file, body);

  const bare = await startBareServer(file, contentType);
  try {
    const check = Buffer.from(await (await fetch(bare.url)).arrayBuffer());
    if (!check.equals(body)) throw new Error("bare server does not return the captured bytes");
    const targets = { ours: url, bare: bare.url };
    if (opts.warmupSeconds > 0) {
      await cannon(targets.bare, opts.connections, opts.warmupSeconds);
      await cannon(targets.ours, opts.connections, opts.warmupSeconds);
    }
    const acc = {
      ours: { samples: new Samples(), ok: 0, failures: 0, seconds: 0, cpu: 0, pid: server.pid },
      bare: { samples: new Samples(), ok: 0, failures: 0, seconds: 0, cpu: 0, pid: bare.pid },
    };
    const before = await server.metrics();
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? (["bare", "ours"] as const) : (["ours", "bare"] as const);
      for (const which of order) {
        const a = acc[which];
        const cpu0 = cpuSecondsOf(a.pid);
        const r = await cannon(targets[which], opts.connections, opts.seconds, a.samples);
        a.cpu += cpuSecondsOf(a.pid) - cpu0;
        a.ok += r.ok;
        a.failures += r.failures;
        a.seconds += r.seconds;
      }
    }
    const after = await server.metrics();
    const delta = (name: string, labels: Record<string, string> = {}) => metricSum(after, name, labels) - metricSum(before, name, labels);
    const served = {
      l1Hits: delta("CaribEX_cache_hits_total", { level: "l1" }),
      l2Hits: delta("CaribEX_cache_hits_total", { level: "l2" }),
      l2Misses: delta("CaribEX_cache_misses_total", { level: "l2" }),
      dbQueries: delta("CaribEX_db_query_duration_seconds_count"),
    };
    const stats = (a: (typeof acc)["ours"]): LoadStats => ({
      rps: a.ok / a.seconds,
      cpuUsPerRequest: (a.cpu * 1e6) / Math.max(1, a.ok + a.failures),
      p50: a.samples.percentile(50),
      p99: a.samples.percentile(99),
      requests: a.ok,
      failures: a.failures,
    });
    return { ours: stats(acc.ours), bare: stats(acc.bare), bodyBytes: body.length, served };
  } finally {
    await bare.stop();
    rmSync(file, { force: true });
  }
}

// ---- stampede ------------------------------------------------------------------------------------------------

export interface StampedeResult {
  requests: number;
  ok: number;
  distinctBodies: number;
  /** Database queries one cold product.list load issues (measured on a separate cold key first). */
  queriesPerLoad: number;
  queries: number;
  loads: number;
  /** Loader calls seen as L2 misses (one per fill that reached Redis and missed); undefined without L2. */
  l2Misses: number | undefined;
  wallMs: number;
}

function get(agent: http.Agent, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

const dbQueries = (text: string) => metricSum(text, "CaribEX_db_query_duration_seconds_count");
const l2Misses = (text: string) => metricSum(text, "CaribEX_cache_misses_total", { level: "l2" });

/**
 * `n` simultaneous requests for one list page nobody asked for before. Connections are opened beforehand, so
 * the requests arrive together instead of trickling through the listen backlog. Loads are counted from outside
 * as the growth of the server's database query counter, divided by what one cold load costs.
 */
export async function stampede(server: ServerProcess, n: number, withL2: boolean): Promise<StampedeResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: n, maxFreeSockets: n, keepAliveMsecs: 10_000 });
  try {
    await Promise.all(Array.from({ length: n }, () => get(agent, `${server.url}/healthz`)));
    const coldUrl = () => server.url + listPath({ search: `cold${randomBytes(6).toString("hex")}`, pageSize: 20 });

    const m0 = await server.metrics();
    const first = await get(agent, coldUrl());
    if (first.status !== 200) throw new Error(`cold product.list answered ${first.status}: ${first.body.slice(0, 200)}`);
    const m1 = await server.metrics();
    const queriesPerLoad = dbQueries(m1) - dbQueries(m0);

    const url = coldUrl();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: n }, () => get(agent, url).catch(() => ({ status: 0, body: "" }))));
    const wallMs = performance.now() - started;
    const m2 = await server.metrics();
    const queries = dbQueries(m2) - dbQueries(m1);
    const ok = results.filter((r) => r.status === 200);
    return {
      requests: n,
      ok: ok.length,
      distinctBodies: new Set(ok.map((r) => r.body)).size,
      queriesPerLoad,
      queries,
      loads: queriesPerLoad > 0 ? queries / queriesPerLoad : Number.NaN,
      l2Misses: withL2 ? l2Misses(m2) - l2Misses(m1) : undefined,
      wallMs,
    };
  } finally {
    agent.destroy();
  }
}

// ---- buyers --------------------------------------------------------------------------------------------------

export interface Market {
  admin: SignedIn;
  seller: SignedIn;
}

export async function market(url: string): Promise<Market> {
  const [admin, seller] = await Promise.all([signIn(url, ADMIN_KEY), signIn(url, SELLER_KEY)]);
  return { admin, seller };
}

/** Fresh customers (random keys, created at first sign-in), each credited by the admin. */
export async function buyers(url: string, m: Market, count: number, creditMinor: bigint): Promise<SignedIn[]> {
  return mapLimit(Array.from({ length: count }, () => generatePrivateKey()), SETUP_CONCURRENCY, async (key) => {
    const b = await signIn(url, key);
    await m.admin.api.admin.wallet.credit.mutate({
      userId: b.userId,
      currency: "JMD",
      amount: creditMinor,
      idempotencyKey: `bench-credit-${randomUUID()}`,
      memo: "benchmark funds",
    });
    return b;
  });
}

function product(m: Market, title: string, quantity: number, seller: SignedIn = m.seller) {
  return seller.api.seller.product.create.mutate({ title, price: 100n, currency: "JMD", quantity });
}

/** Fresh sellers: signed in once to exist, promoted by the admin, signed in again so the session has the role. */
async function sellers(url: string, m: Market, count: number): Promise<SignedIn[]> {
  return mapLimit(Array.from({ length: count }, () => generatePrivateKey()), SETUP_CONCURRENCY, async (key) => {
    const first = await signIn(url, key);
    await m.admin.api.admin.user.setRole.mutate({ userId: first.userId, role: "seller" });
    return signIn(url, key);
  });
}

// ---- checkout throughput -------------------------------------------------------------------------------------

export interface CheckoutResult {
  buyers: number;
  sellers: number;
  checkouts: number;
  failures: Map<string, number>;
  seconds: number;
  perSecond: number;
  /** Latency of checkout.place alone, and of the whole loop (cart.setItem + checkout.place). */
  placeP50: number;
  placeP99: number;
  loopP50: number;
  loopP99: number;
  /** API server CPU per placed order (both calls of the loop), in milliseconds. */
  serverCpuMsPerOrder: number;
  /** Database queries per placed order (both calls of the loop), from the server's query counter. */
  dbQueriesPerOrder: number;
  /** Who bought what: buyer `n` ordered product `n` again and again (the floor runs replay the same pairs). */
  pairs: { buyer: string; product: string; seller: string; title: string }[];
}

/** Each buyer has a product of its own, so the only contention is the shared database and server. */
export async function checkoutThroughput(
  server: ServerProcess,
  m: Market,
  opts: { buyers: number; sellers: number; seconds: number; maxLoops: number },
): Promise<CheckoutResult> {
  const url = server.url;
  const people = await buyers(url, m, opts.buyers, 100_000_000n);
  // One seller is the demo seller; more are created, and products are dealt out to them in turn.
  const shops = opts.sellers <= 1 ? [m.seller] : await sellers(url, m, opts.sellers);
  const goods = await mapLimit(people, SETUP_CONCURRENCY, (_, i) => product(m, `Bench crate ${i + 1}`, 1_000_000, shops[i % shops.length]));
  const place = new Samples();
  const loop = new Samples();
  const failures = new Map<string, number>();
  let checkouts = 0;
  const q0 = dbQueries(await server.metrics());
  const cpu0 = cpuSecondsOf(server.pid);
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    people.map(async (b, i) => {
      const productId = goods[i]!.id;
      for (let n = 0; n < opts.maxLoops && performance.now() < deadline; n++) {
        const t0 = performance.now();
        try {
          await b.api.cart.setItem.mutate({ productId, quantity: 1 });
          const t1 = performance.now();
          await b.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
          const t2 = performance.now();
          place.add(t2 - t1);
          loop.add(t2 - t0);
          checkouts++;
        } catch (e) {
          const code = errorCode(e);
          failures.set(code, (failures.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSecondsOf(server.pid) - cpu0;
  const queries = dbQueries(await server.metrics()) - q0;
  return {
    dbQueriesPerOrder: queries / Math.max(1, checkouts),
    serverCpuMsPerOrder: (cpu * 1000) / Math.max(1, checkouts),
    buyers: people.length,
    sellers: shops.length,
    checkouts,
    failures,
    seconds,
    perSecond: checkouts / seconds,
    placeP50: place.percentile(50),
    placeP99: place.percentile(99),
    loopP50: loop.percentile(50),
    loopP99: loop.percentile(99),
    pairs: people.map((b, i) => ({ buyer: b.userId, product: goods[i]!.id, seller: goods[i]!.sellerId, title: goods[i]!.title })),
  };
}

// ---- hot product ---------------------------------------------------------------------------------------------

export interface HotResult {
  buyers: number;
  stock: number;
  successes: number;
  failures: Map<string, number>;
  stockLeft: number;
  soldInOrders: number;
  oversold: number;
  /** Stock accounting broken: initial − left ≠ sold in orders. */
  mismatch: boolean;
  p50: number;
  p99: number;
}

/** Everyone has the one product in their cart and presses "place order" at the same moment. */
export async function hotProduct(url: string, databaseUrl: string, m: Market, opts: { buyers: number; stock: number }): Promise<HotResult> {
  const people = await buyers(url, m, opts.buyers, 1_000_000n);
  const hot = await product(m, "Limited hot sauce", opts.stock);
  // All at once, which also leaves one open keep-alive connection per buyer for the burst.
  await Promise.all(people.map((b) => b.api.cart.setItem.mutate({ productId: hot.id, quantity: 1 })));

  const latency = new Samples();
  const failures = new Map<string, number>();
  let successes = 0;
  await Promise.all(
    people.map(async (b) => {
      const t0 = performance.now();
      try {
        await b.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
        successes++;
      } catch (e) {
        const code = errorCode(e);
        failures.set(code, (failures.get(code) ?? 0) + 1);
      }
      latency.add(performance.now() - t0);
    }),
  );

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ left: number; sold: string }[]>`
      select p.quantity as left,
             coalesce((select sum(oi.quantity) from order_items oi join orders o on o.id = oi.order_id
                       where oi.product_id = p.id and o.status <> 'cancelled'), 0)::text as sold
      from products p where p.id = ${hot.id}`;
    const stockLeft = Number(row?.left);
    const soldInOrders = Number(row?.sold);
    return {
      buyers: people.length,
      stock: opts.stock,
      successes,
      failures,
      stockLeft,
      soldInOrders,
      oversold: Math.max(0, soldInOrders - opts.stock, successes - opts.stock),
      mismatch: opts.stock - stockLeft !== soldInOrders || stockLeft < 0,
      p50: latency.percentile(50),
      p99: latency.percentile(99),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
