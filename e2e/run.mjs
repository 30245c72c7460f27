#!/usr/bin/env node
// Runs the browser journeys against the real system: a fresh PostgreSQL database, a local EVM chain with the test
// USDC (set up as `pnpm dev` sets up its own), the API server (migrated and seeded with the demo data, development
// wallet on, USDC on that chain), and production builds of the storefront and the dashboard.
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PG = { host: "127.0.0.1", port: "5432", user: "postgres" };
const dbName = `caribex_e2e_${randomBytes(4).toString("hex")}`;
const ports = { api: 18080, web: 13000, admin: 13001, chain: 18545 };
// Two confirmations, so a journey sees a deposit pending before it is credited; the tests mine the blocks.
const CHAIN_CONFIRMATIONS = "2";
const urls = {
  chain: `http://127.0.0.1:${ports.chain}`,
  api: `http://127.0.0.1:${ports.api}`,
  web: `http://127.0.0.1:${ports.web}`,
  admin: `http://127.0.0.1:${ports.admin}`,
};
const children = [];
// Uploaded product pictures of this run, thrown away with its database.
const imageDir = mkdtempSync(path.join(tmpdir(), "caribex-e2e-images-"));

function psql(sql) {
  execFileSync("psql", ["-h", PG.host, "-p", PG.port, "-U", PG.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], {
    stdio: "inherit",
  });
}

function start(name, cmd, args, env, onLine) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const prefix = (line) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const l of lines) onLine?.(l);
      if (process.env.E2E_VERBOSE || name !== "api") for (const l of lines) if (l.trim()) console.log(prefix(l));
    });
  }
  child.on("exit", (code) => code && code !== 143 && console.log(prefix(`exited with ${code}`)));
  children.push(child);
  return child;
}

async function waitFor(url, label, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error(`${label} did not become ready at ${url}`);
}

function stopAll() {
  for (const c of children) {
    try {
      process.kill(-c.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

/** Starts the local chain and resolves with the test USDC's address once the demo wallets and treasury hold it. */
function startChain() {
  return new Promise((resolve, reject) => {
    let token = null;
    const child = start("chain", "pnpm", ["--filter", "@caribex/chain", "exec", "tsx", "scripts/dev-chain.ts", "--port", String(ports.chain)], {}, (line) => {
      token ??= /test USDC (?:already deployed )?at (0x[0-9a-fA-F]{40})/.exec(line)?.[1] ?? null;
      if (line.includes("[chain] ready")) {
        if (token) resolve(token);
        else reject(new Error("the chain did not say where the test USDC is"));
      }
      if (line.includes("could not start the local chain")) reject(new Error(line));
    });
    child.once("exit", () => reject(new Error("the local chain exited before it was ready")));
  });
}

// A made-up WalletConnect project id: the relay is never reached in the journeys.
const E2E_WALLETCONNECT_PROJECT_ID = "e2e0c0ffee0c0ffee0c0ffee0c0ffee0";
const appEnv = { API_URL: urls.api, NEXT_PUBLIC_DEV_WALLET: "true", NEXT_PUBLIC_DEV_CHAIN_RPC_URL: urls.chain, NEXT_TELEMETRY_DISABLED: "1" };
let exitCode = 1;
try {
  psql(`CREATE DATABASE ${dbName}`);
  const token = await startChain();
  // The API runs as in production, from its bundle (a few seconds to build).
  execFileSync("pnpm", ["--filter", "@caribex/server", "build"], { cwd: root, stdio: "inherit" });
  start("api", "pnpm", ["--filter", "@caribex/server", "start"], {
    NODE_ENV: "test",
    PORT: String(ports.api),
    DATABASE_URL: `postgres://${PG.user}@${PG.host}:${PG.port}/${dbName}`,
    REDIS_URL: process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379",
    DB_SEED_ON_START: "true",
    ALLOWED_ORIGINS: [urls.web, urls.admin, urls.api, `http://localhost:${ports.web}`, `http://localhost:${ports.admin}`].join(","),
    RATE_LIMIT_IP_PER_MINUTE: "100000",
    RATE_LIMIT_USER_PER_MINUTE: "100000",
    RATE_LIMIT_SENSITIVE_PER_MINUTE: "100000",
    LOG_LEVEL: "warn",
    // The webhook journey's receiver listens on this machine.
    WEBHOOK_ALLOW_INSECURE_URLS: "true",
    CHAIN_RPC_URL: urls.chain,
    CHAIN_ID: "31337",
    USDC_TOKEN_ADDRESS: token,
    CHAIN_CONFIRMATIONS,
    CHAIN_POLL_INTERVAL_MS: "250",
    IMAGE_DIR: imageDir,
    // Browsers load pictures through the storefront, which forwards /images to the API.
    IMAGE_PUBLIC_URL: `${urls.web}/images`,
  });
  if (!process.env.E2E_SKIP_BUILD) {
    // One build at a time: each next build peaks near 1 GB on a 2-core machine.
    execFileSync("pnpm", ["--filter", "@caribex/web", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, ...appEnv } });
    execFileSync("pnpm", ["--filter", "@caribex/admin", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, ...appEnv } });
  }
  await waitFor(`${urls.api}/readyz`, "API server");
  // The storefront runs with a WalletConnect project id, given at run time (its sign-in page reads it when it
  // renders, so the one build serves both ways); the dashboard runs without. The journeys check the "Mobile
  // wallet" choice both ways: failing within bounds where the relay cannot be reached, absent without an id.
  start("web", "pnpm", ["--filter", "@caribex/web", "exec", "next", "start", "-p", String(ports.web), "-H", "127.0.0.1"], {
    ...appEnv,
    NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: E2E_WALLETCONNECT_PROJECT_ID,
  });
  start("admin", "pnpm", ["--filter", "@caribex/admin", "exec", "next", "start", "-p", String(ports.admin), "-H", "127.0.0.1"], appEnv);
  await waitFor(urls.web, "storefront");
  await waitFor(urls.admin, "dashboard");

  const args = ["exec", "playwright", "test", "-c", "playwright.config.ts", ...process.argv.slice(2)];
  const result = spawn("pnpm", args, {
    cwd: path.join(root, "e2e"),
    stdio: "inherit",
    env: { ...process.env, E2E_API_URL: urls.api, E2E_WEB_URL: urls.web, E2E_ADMIN_URL: urls.admin, E2E_CHAIN_RPC_URL: urls.chain, E2E_CHAIN_CONFIRMATIONS: CHAIN_CONFIRMATIONS },
  });
  exitCode = await new Promise((resolve) => result.on("exit", (code) => resolve(code ?? 1)));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  exitCode = 1;
} finally {
  stopAll();
  // Wait for the servers to exit (they free the fixed ports and their database connections); the limit is only a
  // safety net for a process that ignores SIGTERM.
  const exited = (c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r)));
  await Promise.race([Promise.all(children.map(exited)), sleep(15_000)]);
  try {
    psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  } catch {
    // best effort: a leftover test database does not affect other runs
  }
  rmSync(imageDir, { recursive: true, force: true });
}
process.exit(exitCode);
