/**
 * One-command benchmark of the CaribEX API against the fastest things possible on the same machine.
 * Everything it creates (PostgreSQL databases, one Redis logical database, child processes) is its own and is
 * removed at the end. Only 127.0.0.1 is contacted. Usage and the meaning of each row: bench/README.md.
 */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import {
  dedicatedRedis,
  findPgbench,
  pgbench,
  postgresVersion,
  repoRoot,
  startServer,
  throwawayDatabase,
  type Memory,
  type PgbenchResult,
  type ServerProcess,
} from "./infra";
import {
  checkoutThroughput,
  hotProduct,
  listVersusBare,
  market,
  stampede,
  type CheckoutResult,
  type HotResult,
  type ListResult,
  type StampedeResult,
} from "./scenarios";
import { depositBurst, type DepositsResult } from "./deposits";
import { bareFloor, floorPairs, pgbenchFloor, recordOrder, type FloorResult } from "./floor";
import { planOrder, type FloorPlan } from "./floor-plan";
import { firstLoad, kib, type RouteFirstLoad } from "./first-load";
import { fmtMs, fmtNumber, fmtRatio } from "./stats";

// `pnpm bench -- --quick` hands the separator through; it is not an argument.
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === "--" ? argv.slice(1) : argv,
  options: {
    seconds: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "1" },
    connections: { type: "string", default: "50" },
    "checkout-buyers": { type: "string", default: "32" },
    "checkout-seconds": { type: "string", default: "10" },
    "checkout-sellers": { type: "string", default: "1,32" },
    "pgbench-seconds": { type: "string", default: "10" },
    "pgbench-scale": { type: "string", default: "10" },
    "hot-buyers": { type: "string", default: "500" },
    "hot-stock": { type: "string", default: "100" },
    stampede: { type: "string", default: "1000" },
    deposits: { type: "string", default: "1000" },
    "deposit-senders": { type: "string", default: "100" },
    "deposit-confirmations": { type: "string", default: "1" },
    "chain-poll-ms": { type: "string", default: "250" },
    "redis-db": { type: "string", default: "14" },
    "log-level": { type: "string", default: "warn" },
    only: { type: "string", default: "list,stampede,checkout,hot,pgbench,startup,deposits,firstload" },
    modes: { type: "string", default: "L1+L2,L2,DB" },
    "profile-dir": { type: "string" },
    quick: { type: "boolean", default: false },
    source: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  allowPositionals: false,
});

if (flags.help) {
  console.log(`pnpm bench [-- options]
  --seconds=4            length of one product.list round, per side
  --rounds=3             alternating bare/ours rounds per cache mode
  --warmup=1             warm-up seconds per side before the rounds
  --connections=50       autocannon connections
  --checkout-buyers=32   concurrent buyers for checkout throughput
  --checkout-seconds=10  checkout loop duration
  --checkout-sellers=1,32  one checkout run per entry: products spread over this many sellers
  --pgbench-seconds=10   pgbench -T
  --pgbench-scale=10     pgbench -i -s
  --hot-buyers=500       buyers racing for the hot product
  --hot-stock=100        its stock
  --stampede=1000        simultaneous cold requests for one key
  --deposits=1000        USDC deposits in one burst on a local hardhat chain
  --deposit-senders=100  signed-in users sending them (deposits are spread evenly)
  --deposit-confirmations=1  CHAIN_CONFIRMATIONS of the server under test
  --chain-poll-ms=250    CHAIN_POLL_INTERVAL_MS of the server under test
  --redis-db=14          Redis logical database used (must be empty)
  --log-level=warn       server LOG_LEVEL
  --only=list,stampede,checkout,hot,pgbench,startup,deposits,firstload   sections to run (startup: bundle vs tsx,
                         alternating; firstload: storefront first-load JS from the existing apps/web build)
  --modes=L1+L2,L2,DB    cache modes to start a server in (checkout and hot product run in L1+L2)
  --profile-dir=DIR      write a V8 CPU profile of each server process into DIR
  --quick                1 s rounds, 1 round, 3 s checkout and pgbench (a smoke run)
  --source               run the server from source under tsx instead of the production bundle`);
  process.exit(0);
}

const int = (name: keyof typeof flags, min: number, max: number): number => {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return v;
};
const quick = flags.quick === true;
const opts = {
  seconds: quick ? 1 : int("seconds", 1, 120),
  rounds: quick ? 1 : int("rounds", 1, 20),
  warmup: quick ? 0 : int("warmup", 0, 30),
  connections: int("connections", 1, 1000),
  checkoutBuyers: int("checkout-buyers", 1, 1000),
  checkoutSeconds: quick ? 3 : int("checkout-seconds", 1, 120),
  checkoutSellers: String(flags["checkout-sellers"])
    .split(",")
    .map((x) => Number(x.trim()))
    .map((n) => {
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error("--checkout-sellers must list integers in 1..1000");
      return n;
    }),
  pgbenchSeconds: quick ? 3 : int("pgbench-seconds", 1, 120),
  pgbenchScale: int("pgbench-scale", 1, 100),
  hotBuyers: int("hot-buyers", 1, 2000),
  hotStock: int("hot-stock", 1, 1_000_000),
  stampede: int("stampede", 1, 5000),
  deposits: int("deposits", 1, 20_000),
  depositSenders: int("deposit-senders", 1, 2000),
  depositConfirmations: int("deposit-confirmations", 1, 64),
  chainPollMs: int("chain-poll-ms", 100, 60_000),
  redisDb: int("redis-db", 0, 15),
  logLevel: String(flags["log-level"]),
};

/** The bare floor server's connections: the API server's default pool. */
const FLOOR_POOL_SIZE = 25;

const SECTIONS = ["list", "stampede", "checkout", "hot", "pgbench", "startup", "deposits", "firstload"] as const;
const only = new Set(String(flags.only).split(",").map((x) => x.trim()));
for (const x of only) if (!(SECTIONS as readonly string[]).includes(x)) throw new Error(`--only: unknown section ${x}`);
const wanted = (section: (typeof SECTIONS)[number]) => only.has(section);

const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

interface ModeRun {
  label: string;
  list?: ListResult;
  stampede?: StampedeResult;
  memory?: Memory;
}

const MODES = [
  { flag: "L1+L2", label: "L1+L2", l1: true, l2: true },
  { flag: "L2", label: "L2 only", l1: false, l2: true },
  { flag: "DB", label: "DB only", l1: false, l2: false },
] as const;
const modeFlags = new Set(String(flags.modes).split(",").map((x) => x.trim()));
for (const x of modeFlags) if (!MODES.some((m) => m.flag === x)) throw new Error(`--modes: unknown mode ${x}`);
const modes = MODES.filter(
  (m) => (modeFlags.has(m.flag) && (wanted("list") || wanted("stampede"))) || (m.flag === "L1+L2" && (wanted("checkout") || wanted("hot"))),
);

// What an interrupted run must still undo: running servers, then the databases and the Redis keys.
const cleanups = new Set<() => Promise<void>>();
process.once("SIGINT", () => {
  log("interrupted, cleaning up");
  void (async () => {
    for (const undo of [...cleanups].reverse()) await undo().catch(() => {});
    process.exit(130);
  })();
});

const STARTUP_ROUNDS = 3;
const FIRST_LOAD_ROUTES = ["/products", "/", "/sign-in"];

interface Startup {
  bundle: boolean;
  startMs: number;
  rssMiB: number;
}

async function withServer<T>(start: () => Promise<ServerProcess>, fn: (s: ServerProcess) => Promise<T>): Promise<{ result: T; memory?: Memory }> {
  const server = await start();
  const stop = () => server.stop();
  cleanups.add(stop);
  try {
    const result = await fn(server);
    const memory = server.memory();
    return { result, ...(memory ? { memory } : {}) };
  } finally {
    cleanups.delete(stop);
    await server.stop();
  }
}

async function main() {
  const began = Date.now();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: await postgresVersion(),
  };
  const pgbenchBin = findPgbench();
  const redis = await dedicatedRedis(opts.redisDb);
  cleanups.add(() => redis.release());
  const db = await throwawayDatabase("api");
  cleanups.add(() => db.drop());
  const runs: ModeRun[] = [];
  const checkouts: CheckoutResult[] = [];
  // Each checkout run's floor: the same orders' SQL through pgbench and through a bare server.
  const floors: { sellers: number; pgbench?: FloorResult | string; bare?: FloorResult | string }[] = [];
  let plan: FloorPlan | undefined;
  let hot: HotResult | undefined;
  let pgb: PgbenchResult | string | undefined;
  let deposits: DepositsResult | undefined;
  const startups: Startup[] = [];
  // The server under test is what production runs: the bundle, built once here (unless --source).
  const bundle = flags.source !== true;
  if (bundle) {
    log("building the server bundle");
    execFileSync("pnpm", ["--filter", "@caribex/server", "build"], { cwd: repoRoot, stdio: "ignore" });
  }
  // Read from the storefront's last production build (nothing is built here; without a build the row says so).
  let firstLoads: RouteFirstLoad[] | string | undefined;
  if (wanted("firstload")) {
    try {
      firstLoads = firstLoad(`${repoRoot}/apps/web`, FIRST_LOAD_ROUTES);
    } catch (e) {
      firstLoads = e instanceof Error ? e.message : String(e);
    }
  }
  try {
    for (const mode of modes) {
      log(`server with ${mode.label}${bundle ? "" : " (source under tsx)"}`);
      const run: ModeRun = { label: mode.label };
      runs.push(run);
      const { memory } = await withServer(
        () =>
          startServer({
            databaseUrl: db.url,
            redisUrl: redis.url,
            l1: mode.l1,
            l2: mode.l2,
            logLevel: opts.logLevel,
            bundle,
            ...(flags["profile-dir"] ? { profileDir: flags["profile-dir"] } : {}),
          }),
        async (server) => {
          const measured = modeFlags.has(mode.flag);
          if (measured && wanted("list")) {
            log(`${mode.label}: product.list vs bare node:http, ${opts.rounds} × ${opts.seconds} s per side`);
            run.list = await listVersusBare(server, {
              connections: opts.connections,
              seconds: opts.seconds,
              rounds: opts.rounds,
              warmupSeconds: opts.warmup,
            });
          }
          if (measured && wanted("stampede")) {
            log(`${mode.label}: stampede of ${opts.stampede}`);
            run.stampede = await stampede(server, opts.stampede, mode.l2);
          }
          if (mode.l1 && mode.l2 && (wanted("checkout") || wanted("hot"))) {
            const m = await market(server.url);
            if (wanted("checkout")) {
              for (const sellerCount of opts.checkoutSellers) {
                log(`checkout: ${opts.checkoutBuyers} buyers, ${sellerCount} seller(s), ${opts.checkoutSeconds} s`);
                const checkout = await checkoutThroughput(server, m, {
                  buyers: opts.checkoutBuyers,
                  sellers: sellerCount,
                  seconds: opts.checkoutSeconds,
                  maxLoops: 100_000,
                });
                checkouts.push(checkout);
                const floor: (typeof floors)[number] = { sellers: sellerCount };
                floors.push(floor);
                const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);
                try {
                  if (!plan) {
                    log("floor: recording one order's statements");
                    const recorded = await recordOrder({ databaseUrl: db.url, redisUrl: redis.url, l1: mode.l1, l2: mode.l2, logLevel: opts.logLevel }, m);
                    plan = planOrder(recorded.calls, recorded.who);
                  }
                  const table = await floorPairs(db.url, checkout.pairs);
                  log(`floor: bare node:http + postgres.js server, ${checkout.pairs.length} buyers, ${opts.checkoutSeconds} s`);
                  floor.bare = await bareFloor(db.url, plan, checkout.pairs, { seconds: opts.checkoutSeconds, poolSize: FLOOR_POOL_SIZE }).catch(reason);
                  if (pgbenchBin) {
                    log(`floor: pgbench -f with the recorded statements, ${checkout.pairs.length} clients, ${opts.checkoutSeconds} s`);
                    floor.pgbench = await pgbenchFloor(pgbenchBin, db.url, plan, table, { clients: checkout.pairs.length, threads: 2, seconds: opts.checkoutSeconds }).catch(reason);
                  } else floor.pgbench = "pgbench not found";
                } catch (e) {
                  floor.bare ??= reason(e);
                }
              }
            }
            if (wanted("hot")) {
              log(`hot product: ${opts.hotBuyers} buyers, stock ${opts.hotStock}`);
              hot = await hotProduct(server.url, db.url, m, { buyers: opts.hotBuyers, stock: opts.hotStock });
            }
          }
        },
      );
      if (memory) run.memory = memory;
    }
    if (wanted("startup")) {
      // The production bundle against the source under tsx, alternating, on the database the runs above migrated.
      if (!bundle) {
        log("startup: building the server bundle");
        execFileSync("pnpm", ["--filter", "@caribex/server", "build"], { cwd: repoRoot, stdio: "ignore" });
      }
      for (let round = 0; round < STARTUP_ROUNDS; round++) {
        for (const bundle of [true, false]) {
          const server = await startServer({ databaseUrl: db.url, redisUrl: redis.url, l1: true, l2: true, logLevel: opts.logLevel, bundle });
          const memory = server.memory();
          await server.stop();
          startups.push({ bundle, startMs: server.startMs, rssMiB: memory?.rssMiB ?? Number.NaN });
        }
      }
    }
    if (wanted("deposits")) {
      // A database of its own: the burst's thousand users and deposits stay out of the other sections' data.
      const depositDb = await throwawayDatabase("deposits");
      cleanups.add(() => depositDb.drop());
      try {
        log(`deposits: ${opts.deposits} in one burst from ${opts.depositSenders} senders, ${opts.depositConfirmations} confirmation(s)`);
        deposits = await depositBurst(
          {
            databaseUrl: depositDb.url,
            redisUrl: redis.url,
            logLevel: opts.logLevel,
            deposits: opts.deposits,
            senders: opts.depositSenders,
            confirmations: opts.depositConfirmations,
            pollMs: opts.chainPollMs,
            bundle,
          },
          log,
        );
      } finally {
        await depositDb.drop().catch((e: unknown) => log(`could not drop ${depositDb.name}: ${String(e)}`));
      }
    }
    if (!wanted("pgbench")) pgb = undefined;
    else if (pgbenchBin) {
      log(`pgbench: scale ${opts.pgbenchScale}, 32 clients, ${opts.pgbenchSeconds} s`);
      pgb = await pgbench(pgbenchBin, { scale: opts.pgbenchScale, clients: 32, threads: 2, seconds: opts.pgbenchSeconds }).catch(
        (e: unknown) => `pgbench failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
      );
    } else pgb = "pgbench not installed (Debian: apt-get install postgresql-contrib)";
  } finally {
    await db.drop().catch((e: unknown) => log(`could not drop ${db.name}: ${String(e)}`));
    await redis.release().catch((e: unknown) => log(`could not clean Redis db ${opts.redisDb}: ${String(e)}`));
  }

  const totalSeconds = (Date.now() - began) / 1000;
  console.log(report({ machine, runs, checkouts, floors, hot, pgb, deposits, startups, firstLoads, totalSeconds }));
  const failed =
    (hot && (hot.oversold > 0 || hot.mismatch)) ||
    (deposits && (deposits.credited !== deposits.deposits || deposits.creditedAmount !== deposits.expectedAmount || deposits.suspense > 0)) ||
    runs.some((r) => r.stampede && (r.stampede.distinctBodies !== 1 || (r.label !== "DB only" && r.stampede.loads !== 1)));
  process.exitCode = failed ? 1 : 0;
}

/**
 * How the measured requests were answered, so a "cached" row that silently reached the database shows it.
 * Requests that joined another request's in-flight load count in none of these.
 */
function servedBy(l: ListResult, l2: boolean): string {
  const s = l.served;
  const bypassed = l2 && s.dbQueries > 0 && s.l2Misses === 0 ? " (L2 not consulted: breaker open or instance not in sync)" : "";
  return `served: L1 hits ${s.l1Hits}, L2 hits ${s.l2Hits}, L2 misses ${s.l2Misses}, DB queries ${s.dbQueries}${bypassed}`;
}

function report(r: {
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; postgres: string };
  runs: ModeRun[];
  checkouts: CheckoutResult[];
  floors: { sellers: number; pgbench?: FloorResult | string; bare?: FloorResult | string }[];
  hot: HotResult | undefined;
  pgb: PgbenchResult | string | undefined;
  deposits: DepositsResult | undefined;
  startups: Startup[];
  firstLoads: RouteFirstLoad[] | string | undefined;
  totalSeconds: number;
}): string {
  const rows: string[][] = [];
  const header = ["Scenario", "Target", "Throughput", "p50 ms", "p99 ms", "Ours / reference", "Check"];
  for (const run of r.runs) {
    const l = run.list;
    if (!l) continue;
    const name = `product.list cached (${run.label})`;
    rows.push([
      name,
      "bare node:http, same bytes",
      `${fmtNumber(l.bare.rps)} req/s`,
      fmtMs(l.bare.p50),
      fmtMs(l.bare.p99),
      "",
      `${l.bodyBytes} B body; CPU ${fmtNumber(l.bare.cpuUsPerRequest)} µs/req`,
    ]);
    rows.push([
      name,
      "CaribEX API",
      `${fmtNumber(l.ours.rps)} req/s`,
      fmtMs(l.ours.p50),
      fmtMs(l.ours.p99),
      `req/s ${fmtRatio(l.ours.rps / l.bare.rps)}, p50 ${fmtRatio(l.ours.p50 / l.bare.p50)}, p99 ${fmtRatio(l.ours.p99 / l.bare.p99)}, CPU/req ${fmtRatio(l.ours.cpuUsPerRequest / l.bare.cpuUsPerRequest)}`,
      `CPU ${fmtNumber(l.ours.cpuUsPerRequest)} µs/req; ${l.ours.failures + l.bare.failures === 0 ? "no errors" : `ERRORS ours ${l.ours.failures}, bare ${l.bare.failures}`}; ${servedBy(l, run.label !== "DB only")}`,
    ]);
  }
  const pgb = typeof r.pgb === "object" ? r.pgb : undefined;
  for (const [i, c] of r.checkouts.entries()) {
    const fails = [...c.failures].map(([k, v]) => `${k} ×${v}`).join(", ");
    rows.push([
      `checkout.place, ${c.buyers} buyers, distinct products, ${c.sellers} seller${c.sellers === 1 ? "" : "s"}`,
      "CaribEX API (cart.setItem + checkout.place)",
      `${fmtNumber(c.perSecond, 1)} checkouts/s`,
      `${fmtMs(c.placeP50)} (loop ${fmtMs(c.loopP50)})`,
      `${fmtMs(c.placeP99)} (loop ${fmtMs(c.loopP99)})`,
      pgb ? `${fmtRatio(c.perSecond / pgb.tps)} of pgbench tps` : "",
      `${c.checkouts} orders${fails ? `; failures: ${fails}` : ", no failures"}; server CPU ${fmtMs(c.serverCpuMsPerOrder)} ms and ${fmtNumber(c.dbQueriesPerOrder, 1)} DB queries per order`,
    ]);
    const floor = r.floors[i];
    const floorRow = (target: string, f: FloorResult | string | undefined, detail: (f: FloorResult) => string) => {
      if (f === undefined) return;
      if (typeof f === "string") {
        rows.push([`  floor, ${c.sellers} seller${c.sellers === 1 ? "" : "s"}`, target, "n/a", "", "", "", f]);
        return;
      }
      rows.push([
        `  floor, ${c.sellers} seller${c.sellers === 1 ? "" : "s"}`,
        target,
        `${fmtNumber(f.perSecond, 1)} orders/s`,
        f.p50 === undefined ? "" : fmtMs(f.p50),
        f.p99 === undefined ? "" : fmtMs(f.p99),
        `ours ${fmtRatio(c.perSecond / f.perSecond)}`,
        `${f.orders} orders (${f.ordersInDatabase === f.orders ? "all in the database ✓" : `✗ ${f.ordersInDatabase} in the database`}), ${f.failures ? `${f.failures} FAILED${f.firstError ? ` (${f.firstError})` : ""}` : "no failures"}${detail(f)}`,
      ]);
    };
    floorRow("bare node:http + postgres.js, same statements", floor?.bare, (f) => (f.cpuMsPerOrder === undefined ? "" : `; server CPU ${fmtMs(f.cpuMsPerOrder)} ms per order (ours ${fmtRatio(c.serverCpuMsPerOrder / f.cpuMsPerOrder)})`));
    floorRow("pgbench -f, same statements, -M simple", floor?.pgbench, () => "; one extra statement per order draws the pair and fresh ids");
  }
  if (r.pgb !== undefined) rows.push([
    "TPC-B-like, 32 clients, same PostgreSQL",
    "pgbench -c 32 -j 2",
    pgb ? `${fmtNumber(pgb.tps, 0)} tps` : "n/a",
    pgb ? `avg ${fmtMs(pgb.latencyAvgMs)}` : "",
    "",
    "",
    pgb ? `${pgb.transactions} transactions` : String(r.pgb ?? "not run"),
  ]);
  const h = r.hot;
  if (h) {
    const fails = [...h.failures].map(([k, v]) => `${k} ×${v}`).join(", ");
    rows.push([
      `hot product: ${h.buyers} buyers, stock ${h.stock}`,
      "CaribEX API checkout.place",
      `${h.successes} succeeded`,
      fmtMs(h.p50),
      fmtMs(h.p99),
      "",
      `oversold ${h.oversold}${h.oversold === 0 ? " ✓" : " ✗"}; stock left ${h.stockLeft}, sold in orders ${h.soldInOrders}${h.mismatch ? " ✗ STOCK MISMATCH" : ""}; refused: ${fails || "none"}`,
    ]);
  }
  for (const run of r.runs) {
    const s = run.stampede;
    if (!s) continue;
    const expectOne = run.label !== "DB only";
    const verdict = !Number.isFinite(s.loads) ? "cannot count: no DB queries seen" : expectOne ? (s.loads === 1 ? "✓" : "✗ expected 1") : "(no cache: single-flight only)";
    rows.push([
      `stampede: ${s.requests} cold requests, one key (${run.label})`,
      "CaribEX API product.list",
      `${fmtNumber(s.loads, Number.isInteger(s.loads) ? 0 : 2)} DB load(s)`,
      "",
      "",
      "",
      `${verdict}; ${s.queries} queries at ${s.queriesPerLoad}/load${s.l2Misses === undefined ? "" : `, L2 misses ${s.l2Misses}`}; ${s.ok}/${s.requests} ok, ${s.distinctBodies} distinct bodies, ${fmtNumber(s.wallMs)} ms`,
    ]);
  }
  const d = r.deposits;
  if (d) {
    const exact = d.credited === d.deposits && d.creditedAmount === d.expectedAmount && d.suspense === 0;
    rows.push([
      `deposits: ${d.deposits} in one burst, ${d.senders} senders, ${d.confirmations} confirmation${d.confirmations === 1 ? "" : "s"}`,
      "CaribEX API deposit scanner, hardhat",
      `${fmtNumber(d.deposits / (d.creditedMs / 1000))} credited/s`,
      "",
      "",
      "",
      `all credited ${fmtNumber(d.creditedMs)} ms after the last block; ${d.blocks} block(s); scan lag max ${d.maxLagBlocks}, at end ${d.finalLagBlocks} block(s); poll ${d.pollMs} ms; ${exact ? "exactly once ✓" : `✗ credited ${d.credited}, amount ${d.creditedAmount}/${d.expectedAmount}, suspense ${d.suspense}`}`,
    ]);
  }
  for (const bundle of [true, false]) {
    const mine = r.startups.filter((x) => x.bundle === bundle);
    if (mine.length === 0) continue;
    rows.push([
      "start to healthy (/readyz answers)",
      bundle ? "bundle: node dist/main.js" : "source: node --import tsx",
      `${mine.map((x) => fmtNumber(x.startMs)).join(" / ")} ms`,
      "",
      "",
      "",
      `RSS when healthy ${mine.map((x) => fmtNumber(x.rssMiB)).join(" / ")} MiB`,
    ]);
  }
  if (typeof r.firstLoads === "string") rows.push(["storefront first-load JS", "apps/web production build", "n/a", "", "", "", r.firstLoads]);
  else
    for (const f of r.firstLoads ?? []) {
      rows.push([
        `storefront first-load JS ${f.route}`,
        "apps/web production build, gzip -9",
        `${kib(f.gzipBytes)} KiB`,
        "",
        "",
        "",
        `${f.chunks.length} chunks, ${kib(f.bytes)} KiB raw; largest ${f.chunks
          .slice(0, 3)
          .map((c) => kib(c.gzipBytes))
          .join(" / ")} KiB`,
      ]);
    }
  for (const run of r.runs) {
    if (!run.memory) continue;
    rows.push([`server RSS at end of run (${run.label})`, "CaribEX API process", `${fmtNumber(run.memory.rssMiB)} MiB`, "", "", "", `peak ${fmtNumber(run.memory.peakMiB)} MiB`]);
  }

  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const m = r.machine;
  return [
    "",
    `CaribEX benchmark, ${new Date().toISOString()}, ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, node ${m.node}, PostgreSQL ${m.postgres}`,
    `${r.runs.some((x) => x.list) ? `product.list: ${opts.rounds} alternating rounds × ${opts.seconds} s per side, ${opts.connections} connections; ` : ""}server LOG_LEVEL=${opts.logLevel}; total ${fmtNumber(r.totalSeconds)} s`,
    "",
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
    "",
  ].join("\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

