/**
 * The checkout's floor: the statements one order sends, recorded from the real API server, replayed with nothing
 * in between, two ways:
 * - `pgbench -f` with a script generated from the recording (the database alone);
 * - a bare node:http + postgres.js server answering the same two calls with those statements (the database and
 *   one thin process), driven like the API server: one loop per buyer, `setItem` then `place`.
 * Both use the checkout run's own buyers and products (pair `n` = buyer `n` and the product it buys), so they
 * meet the same rows, locks and indexes.
 */
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import { generatePrivateKey } from "viem/accounts";
// The server's own code, by path: the benchmark drives it in process only to record what it sends.
import { parseConfig } from "../../packages/config/src/index";
import { createApp, type AppOptions } from "../../apps/server/src/app";
import { signIn } from "./client";
import { pgbenchScript, type FloorPlan, type OrderIdentity, type RecordedCall, type RecordedStatement } from "./floor-plan";
import { cpuSecondsOf, freePort, HOST, serverEnv, type ServerOptions } from "./infra";
import type { Market } from "./scenarios";
import { Samples } from "./stats";

const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

/**
 * Records one order as the API server sends it: a server built from the same settings, in this process, with
 * every statement observed; a new buyer places a first order (which leaves an open cart, as every order after
 * a buyer's first finds), then the second order's `cart.setItem` and `checkout.place` are recorded.
 */
export async function recordOrder(settings: Omit<ServerOptions, "profileDir" | "bundle">, m: Market): Promise<{ calls: RecordedCall[]; who: OrderIdentity }> {
  const port = await freePort();
  // No jobs and no seeding: only the two calls' statements reach the observer.
  const config = parseConfig({ ...serverEnv(settings, port), DB_SEED_ON_START: "false", JOBS_MODE: "worker", LOG_LEVEL: "silent" });
  let recording: RecordedStatement[] | null = null;
  const onQuery: NonNullable<AppOptions["onQuery"]> = (e) => {
    if (!recording || e.error !== undefined) return;
    recording.push({ sql: e.sql, params: e.params ?? [], rows: Array.isArray(e.result) ? (e.result as Record<string, unknown>[]) : undefined });
  };
  const app = await createApp(config, { defaultMetrics: false, skipDemoPictures: true, onQuery });
  try {
    const { url } = await app.listen(port, HOST);
    const buyer = await signIn(url, generatePrivateKey());
    await m.admin.api.admin.wallet.credit.mutate({ userId: buyer.userId, currency: "JMD", amount: 1_000_000n, idempotencyKey: `bench-floor-${randomUUID()}`, memo: "benchmark funds" });
    const product = await m.seller.api.seller.product.create.mutate({ title: `Bench floor crate ${randomUUID().slice(0, 8)}`, price: 100n, currency: "JMD", quantity: 1_000 });
    const order = async (record: boolean) => {
      const calls: RecordedCall[] = [];
      for (const [name, call] of [
        ["setItem", () => buyer.api.cart.setItem.mutate({ productId: product.id, quantity: 1 })],
        ["place", () => buyer.api.checkout.place.mutate({ idempotencyKey: randomUUID() })],
      ] as const) {
        recording = record ? [] : null;
        await call();
        if (recording) calls.push({ name, statements: withCommit(recording) });
        recording = null;
      }
      return calls;
    };
    await order(false);
    const calls = await order(true);
    return { calls, who: { buyer: buyer.userId, product: product.id, seller: product.sellerId, title: product.title } };
  } finally {
    await app.close();
  }
}

/**
 * The commit a pipelined transaction sends right behind its last statement is transaction control, outside
 * what the observer sees; it is added back so a replay ends its transaction the same way.
 */
function withCommit(statements: RecordedStatement[]): RecordedStatement[] {
  const opens = /^\s*begin\b/i.test(statements[0]?.sql ?? "");
  const closes = /^\s*(commit|rollback)\b/i.test(statements.at(-1)?.sql ?? "");
  return opens && !closes ? [...statements, { sql: "commit", params: [], rows: undefined }] : statements;
}

/** The buyer/product pairs of a checkout run, in a table pgbench's script reads, and as a list for the bare server. */
export async function floorPairs(databaseUrl: string, pairs: OrderIdentity[]): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("create schema if not exists bench_floor");
    await sql.unsafe("drop table if exists bench_floor.pairs");
    await sql.unsafe("create table bench_floor.pairs (n int primary key, buyer_id uuid not null, product_id uuid not null, seller_id uuid not null, title text not null)");
    for (const [n, p] of pairs.entries()) {
      await sql`insert into bench_floor.pairs values (${n}, ${p.buyer}, ${p.product}, ${p.seller}, ${p.title})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return "bench_floor.pairs";
}

export interface FloorResult {
  orders: number;
  /** Orders the database gained during the run: equal to `orders` when every replayed order really was one. */
  ordersInDatabase?: number;
  failures: number;
  perSecond: number;
  /** CPU of the serving process per order (bare server only), in milliseconds. */
  cpuMsPerOrder?: number;
  p50?: number;
  p99?: number;
  firstError?: string;
}

/** Orders in the database, read as its owner (outside row-level security). */
export async function countOrders(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from orders`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `pgbench -f` with the recorded order's statements: `clients` clients, client `n` ordering as pair `n`. */
export async function pgbenchFloor(bin: string, databaseUrl: string, plan: FloorPlan, table: string, opts: { clients: number; threads: number; seconds: number }): Promise<FloorResult & { script: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "caribex-floor-"));
  const script = pgbenchScript(plan, table);
  const file = path.join(dir, "order.sql");
  writeFileSync(file, script);
  const db = new URL(databaseUrl);
  const before = await countOrders(databaseUrl);
  try {
    const { stdout, stderr } = await run(
      bin,
      ["-n", "-M", "simple", "-f", file, "-c", String(opts.clients), "-j", String(opts.threads), "-T", String(opts.seconds), "-h", db.hostname, "-p", db.port || "5432", "-U", db.username || "postgres", db.pathname.slice(1)],
      { timeout: (opts.seconds + 60) * 1000, maxBuffer: 16 << 20 },
    ).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? String(e) }));
    const orders = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1] ?? 0);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0);
    const error = /error: (.*)/.exec(stderr)?.[1];
    const ordersInDatabase = (await countOrders(databaseUrl)) - before;
    return { orders, ordersInDatabase, failures: failed + (error ? 1 : 0), perSecond: tps, script, ...(error ? { firstError: error.slice(0, 200) } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bare floor server, driven by one loop per pair (`setItem` then `place`) for `seconds`. */
export async function bareFloor(databaseUrl: string, plan: FloorPlan, pairs: OrderIdentity[], opts: { seconds: number; poolSize: number }): Promise<FloorResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "caribex-floor-"));
  writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
  writeFileSync(path.join(dir, "pairs.json"), JSON.stringify(pairs));
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "floor-server.ts"), path.join(dir, "plan.json"), path.join(dir, "pairs.json"), String(port), databaseUrl, String(opts.poolSize)],
    { env: { PATH: process.env.PATH ?? "" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  proc.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  try {
    for (let i = 0; ; i++) {
      const up = await fetch(url).then((r) => r.ok, () => false);
      if (up) break;
      if (i > 400 || proc.exitCode !== null) throw new Error(`the bare floor server did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const loop = new Samples();
    let orders = 0;
    let failures = 0;
    let firstError: string | undefined;
    const call = async (name: string, n: number) => {
      const res = await fetch(`${url}/${name}/${n}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
      const body = await res.text();
      if (!res.ok) throw new Error(body.slice(0, 200));
    };
    const before = await countOrders(databaseUrl);
    const cpu0 = cpuSecondsOf(proc.pid!);
    const started = performance.now();
    const deadline = started + opts.seconds * 1000;
    await Promise.all(
      pairs.map(async (_, n) => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            await call("setItem", n);
            await call("place", n);
            loop.add(performance.now() - t0);
            orders++;
          } catch (e) {
            failures++;
            firstError ??= e instanceof Error ? e.message : String(e);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSecondsOf(proc.pid!) - cpu0;
    return {
      orders,
      ordersInDatabase: (await countOrders(databaseUrl)) - before,
      failures,
      perSecond: orders / seconds,
      cpuMsPerOrder: (cpu * 1000) / Math.max(1, orders),
      p50: loop.percentile(50),
      p99: loop.percentile(99),
      ...(firstError ? { firstError } : {}),
    };
  } finally {
    proc.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
