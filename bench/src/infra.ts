import { spawn, execFile, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import postgres from "postgres";

export const HOST = "127.0.0.1";
export const PG_ADMIN_URL = `postgres://postgres@${HOST}:5432/postgres`;
export const pgUrl = (db: string) => `postgres://postgres@${HOST}:5432/${db}`;

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
const serverDir = path.join(repoRoot, "apps/server");

const run = promisify(execFile);

// ---- PostgreSQL --------------------------------------------------------------------------------------------

/** Creates a throwaway database with a random name; `drop()` removes it even with connections still open. */
export async function throwawayDatabase(label: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `caribex_bench_${label}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    name,
    url: pgUrl(name),
    async drop() {
      const sql = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

export async function postgresVersion(): Promise<string> {
  const sql = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    return row?.v ?? "unknown";
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function findPgbench(): string | undefined {
  try {
    const found = execFileSync("sh", ["-c", "command -v pgbench"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (found) return found;
  } catch {
    // not on the PATH; Debian keeps it under the versioned PostgreSQL folder
  }
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  for (const v of readdirSync(base).sort().reverse()) {
    const p = path.join(base, v, "bin/pgbench");
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number;
  transactions: number;
}

/** TPC-B-like pgbench into its own database: initialise at `scale`, then `clients` for `seconds`. */
export async function pgbench(bin: string, opts: { scale: number; clients: number; threads: number; seconds: number }): Promise<PgbenchResult> {
  const db = await throwawayDatabase("pgbench");
  const conn = ["-h", HOST, "-p", "5432", "-U", "postgres"];
  try {
    await run(bin, ["-i", "-q", "-s", String(opts.scale), ...conn, db.name], { timeout: 180_000, maxBuffer: 16 << 20 });
    const { stdout } = await run(
      bin,
      ["-c", String(opts.clients), "-j", String(opts.threads), "-T", String(opts.seconds), "-n", ...conn, db.name],
      { timeout: (opts.seconds + 60) * 1000, maxBuffer: 16 << 20 },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    const latencyAvgMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    return { tps, latencyAvgMs, transactions };
  } finally {
    await db.drop();
  }
}

// ---- Redis -------------------------------------------------------------------------------------------------

/**
 * A Redis logical database that only the benchmark uses. It must be empty at the start (so nothing of anyone
 * else's is ever deleted); whatever the servers leave in it is removed at the end.
 */
export async function dedicatedRedis(db: number): Promise<{ url: string; release(): Promise<void> }> {
  const url = `redis://${HOST}:6379/${db}`;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const size = await redis.dbsize();
  if (size > 0) {
    await redis.quit();
    throw new Error(
      `Redis database ${db} already holds ${size} keys; pass --redis-db=<n> with an empty database (nothing is deleted from a database that was not empty)`,
    );
  }
  return {
    url,
    async release() {
      let cursor = "0";
      let rounds = 0;
      do {
        const [next, keys] = await redis.scan(cursor, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== "0" && ++rounds < 10_000);
      await redis.quit();
    },
  };
}

// ---- processes ---------------------------------------------------------------------------------------------

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, HOST, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Memory {
  rssMiB: number;
  peakMiB: number;
}

/** Resident and peak resident memory of a process, from /proc. */
export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kb("VmRSS") / 1024, peakMiB: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) a process has used so far. Per-request CPU is the steadiest number on a shared
 * machine: it does not depend on how much of the CPU the scheduler happened to give the process.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

class Child {
  private readonly tail: string[] = [];

  constructor(readonly proc: ChildProcess) {
    for (const stream of [proc.stdout, proc.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) if (line.trim()) this.tail.push(line);
        if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
      });
    }
  }

  get pid(): number {
    return this.proc.pid!;
  }

  output(): string {
    return this.tail.join("\n");
  }

  get exited(): boolean {
    return this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string, child: Child, timeoutMs: number, pollMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exited) throw new Error(`${what} exited early:\n${child.output()}`);
    if (await check().catch(() => false)) return;
    await sleep(pollMs);
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${child.output()}`);
}

export interface ServerOptions {
  databaseUrl: string;
  redisUrl: string;
  l1: boolean;
  l2: boolean;
  logLevel: string;
  /** Writes a V8 CPU profile of the server into this folder when it stops. */
  profileDir?: string;
  /** More settings for the server (the chain's, for the deposits run). */
  env?: Record<string, string>;
  /** Runs the production bundle (apps/server/dist, from `pnpm --filter @caribex/server build`) instead of the source under tsx. */
  bundle?: boolean;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** From spawning the process to its first healthy /readyz answer. */
  startMs: number;
  memory(): Memory | undefined;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** The API server's settings for a benchmark run on `port`: a clean environment, limits out of the way. */
export function serverEnv(opts: Omit<ServerOptions, "profileDir" | "bundle">, port: number): Record<string, string> {
  const url = `http://${HOST}:${port}`;
  const max = "1000000";
  return {
    // A clean environment: nothing from the caller's shell (OTEL endpoints, other DATABASE_URLs) leaks in.
    NODE_ENV: "test",
    HOST,
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    DB_SEED_ON_START: "true",
    CACHE_L1_ENABLED: String(opts.l1),
    CACHE_L2_ENABLED: String(opts.l2),
    RATE_LIMIT_IP_PER_MINUTE: max,
    RATE_LIMIT_USER_PER_MINUTE: max,
    RATE_LIMIT_SENSITIVE_PER_MINUTE: max,
    RATE_LIMIT_UPLOADS_PER_MINUTE: max,
    ALLOWED_ORIGINS: url,
    LOG_LEVEL: opts.logLevel,
    LOG_PRETTY: "false",
    ...opts.env,
  };
}

/**
 * The real API server in its own node process (not under a package-manager wrapper), so its pid is the one
 * whose memory is reported and the load generator does not share its event loop.
 */
export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const env = serverEnv(opts, port);
  const profile = opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(opts.profileDir)}`] : [];
  const entry = opts.bundle ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"];
  const started = performance.now();
  const proc = spawn(process.execPath, [...profile, ...entry], { cwd: serverDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const child = new Child(proc);
  try {
    await waitUntil(async () => (await fetch(`${url}/readyz`)).ok, "API server", child, 120_000, 25);
  } catch (e) {
    await child.stop();
    throw e;
  }
  const startMs = performance.now() - started;
  return {
    url,
    pid: child.pid,
    startMs,
    memory: () => memoryOf(child.pid),
    async metrics() {
      const res = await fetch(`${url}/metrics`);
      return res.text();
    },
    stop: () => child.stop(),
  };
}

/** A node:http server answering every request with the given bytes: the fastest this machine serves them. */
export async function startBareServer(bodyFile: string, contentType: string): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const proc = spawn(process.execPath, [path.join(here, "bare-server.mjs"), bodyFile, contentType, String(port)], {
    env: {},
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child = new Child(proc);
  try {
    await waitUntil(async () => (await fetch(url)).ok, "bare server", child, 10_000);
  } catch (e) {
    await child.stop();
    throw e;
  }
  return { url, pid: child.pid, stop: () => child.stop() };
}

// ---- metrics -----------------------------------------------------------------------------------------------

/** Sum of every sample of `name` in Prometheus text whose labels include all of `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== "{" && rest[0] !== " ") continue;
    if (!Object.entries(labels).every(([k, v]) => rest.includes(`${k}="${v}"`))) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}
