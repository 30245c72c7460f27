/**
 * Starts several real API server processes against one PostgreSQL database and one Redis, so tests can prove
 * that the instances behave as one system. Everything listens on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function waitUntil(check: () => Promise<boolean>, label: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await check().catch((e: unknown) => {
      if (e instanceof Error && / exited with /.test(e.message)) throw e;
      return false;
    });
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${label}`);
}

export interface Instance {
  url: string;
  port: number;
  process: ChildProcess;
  logs: string[];
}

export interface Cluster {
  instances: Instance[];
  urls(): string[];
  /** SIGKILL one instance: no graceful shutdown, in-flight requests are cut. */
  kill(i: number): Promise<void>;
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(opts: { count: number; databaseUrl: string; redisUrl: string; env?: Record<string, string> }): Promise<Cluster> {
  // Chosen up front so every instance knows every other instance's origin (SIWE domains are checked against it).
  const ports = await Promise.all(Array.from({ length: opts.count }, () => freePort()));
  const origins = ports.map((p) => `http://127.0.0.1:${p}`).join(",");
  const env = (port: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: opts.databaseUrl,
    DATABASE_POOL_SIZE: "10",
    REDIS_URL: opts.redisUrl,
    DB_SEED_ON_START: "true",
    LOG_LEVEL: "warn",
    SHUTDOWN_TIMEOUT_MS: "2000",
    ALLOWED_ORIGINS: origins,
    RATE_LIMIT_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_USER_PER_MINUTE: "1000000",
    RATE_LIMIT_SENSITIVE_PER_MINUTE: "1000000",
    ...opts.env,
  });

  const launch = (port: number): Instance => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: path.join(root, "apps/server"), env: env(port), stdio: ["ignore", "pipe", "pipe"] });
    const inst: Instance = { url: `http://127.0.0.1:${port}`, port, process: child, logs: [] };
    const keep = (chunk: Buffer) => {
      inst.logs.push(chunk.toString());
      if (inst.logs.length > 200) inst.logs.shift();
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    return inst;
  };

  const ready = (inst: Instance) =>
    waitUntil(
      async () => {
        if (inst.process.exitCode !== null) throw new Error(`instance ${inst.url} exited with ${inst.process.exitCode}`);
        return (await fetch(`${inst.url}/readyz`)).ok;
      },
      `instance ${inst.url}`,
      300_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${inst.logs.join("").slice(-3000)}`);
    });

  // The first instance migrates and seeds; the others start once it is ready so they do not race on migrations.
  const instances: Instance[] = [launch(ports[0]!)];
  await ready(instances[0]!);
  for (const port of ports.slice(1)) instances.push(launch(port));
  await Promise.all(instances.slice(1).map(ready));

  const stopOne = async (inst: Instance, signal: NodeJS.Signals) => {
    if (inst.process.exitCode !== null || inst.process.signalCode !== null) return;
    const exited = new Promise((r) => inst.process.once("exit", r));
    inst.process.kill(signal);
    await Promise.race([exited, sleep(10_000)]);
  };

  return {
    instances,
    urls: () => instances.map((i) => i.url),
    async kill(i) {
      await stopOne(instances[i]!, "SIGKILL");
    },
    async restart(i) {
      const next = launch(instances[i]!.port);
      instances[i] = next;
      await ready(next);
    },
    async stop() {
      await Promise.all(instances.map((inst) => stopOne(inst, "SIGTERM")));
    },
  };
}

/** A private Redis on a free port, so a test may stop and restart it without touching the shared one. */
export async function startPrivateRedis(): Promise<{ url: string; port: number; stop(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const ping = async () => {
    const { Socket } = await import("node:net");
    return new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once("error", () => resolve(false));
      s.connect(port, "127.0.0.1", () => {
        s.write("PING\r\n");
        s.once("data", (d) => {
          s.destroy();
          resolve(d.toString().startsWith("+PONG"));
        });
      });
    });
  };
  const api = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      await waitUntil(ping, `redis on ${port}`, 120_000);
    },
    async stop() {
      if (!child) return;
      const c = child;
      child = null;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await exited;
    },
  };
  await api.start();
  return api;
}
