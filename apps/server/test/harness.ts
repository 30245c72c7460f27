import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import { TRPCClientError } from "@trpc/client";
import type { PrivateKeyAccount } from "viem/accounts";
import { createCaribexClient } from "@caribex/client";
import { parseConfig } from "@caribex/config";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { createApp, type App, type AppOptions } from "../src/app";

export const ORIGIN = "http://localhost:3000";
export const DOMAIN = "localhost:3000";

export interface Running {
  app: App;
  url: string;
  /** Where /metrics answers when METRICS_PORT gives it a port of its own. */
  metricsUrl?: string;
  db: TestDatabase;
  stop(): Promise<void>;
}

/** The configuration every server under test starts from: test mode, budgets out of the way, quiet logs. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}) {
  return parseConfig({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "5",
    REDIS_URL: "redis://127.0.0.1:6379",
    DB_SEED_ON_START: "false",
    LOG_LEVEL: "silent",
    ALLOWED_ORIGINS: ORIGIN,
    SIWE_CHAIN_IDS: "1,31337",
    RATE_LIMIT_IP_PER_MINUTE: "100000",
    RATE_LIMIT_USER_PER_MINUTE: "100000",
    RATE_LIMIT_SENSITIVE_PER_MINUTE: "100000",
    RATE_LIMIT_UPLOADS_PER_MINUTE: "100000",
    ...env,
  });
}

/** The real server on a random port, over a throwaway database and the shared Redis (its own key prefix). */
export async function startServer(env: Record<string, string> = {}, appOptions: AppOptions = {}): Promise<Running> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, env);
  const app = await createApp(config, { defaultMetrics: false, namespace: `test-${randomBytes(6).toString("hex")}`, ...appOptions });
  const { url, metricsUrl } = await app.listen(0, "127.0.0.1");
  let stopped = false;
  return {
    app,
    url,
    ...(metricsUrl ? { metricsUrl } : {}),
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close().catch(() => {});
      await db.drop();
    },
  };
}

/** A browser stand-in: keeps cookies between calls and sends our Origin. */
export function browser(base: string, opts: { origin?: string | null } = {}) {
  const jar = new Map<string, string>();
  const origin = opts.origin === undefined ? ORIGIN : opts.origin;
  // Underneath the jar: a browser sends its Origin and never the header scripts use instead of one.
  const asBrowser: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete("x-caribex-csrf");
    if (origin) headers.set("origin", origin);
    return fetch(input, { ...init, headers });
  };
  const jarFetch = cookieJarFetch(jar, asBrowser);
  const client = createCaribexClient({ url: `${base}/trpc`, fetch: jarFetch });
  return { client, jar, fetch: jarFetch };
}

/** The stable code and HTTP status of a failed call (or "ok"). */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof TRPCClientError) {
      const data = e.data as { domainCode?: string; httpStatus?: number } | undefined;
      return `${data?.httpStatus} ${data?.domainCode}`;
    }
    throw e;
  }
}

/** Signs a wallet in through the real SIWE flow; the returned browser carries its session cookie. */
export async function signIn(base: string, account: PrivateKeyAccount) {
  const b = browser(base);
  const { user } = await signInWithEthereum(b.client, account, { origin: ORIGIN, chainId: 1 });
  return { ...b, user };
}

/**
 * The server's log output as it is written: `text` keeps each line as printed, `lines` the same lines parsed, and
 * `events` emits "line" for each, so a test waits for a line instead of for time.
 */
export function logCapture() {
  const text: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const events = new EventEmitter();
  let pending = "";
  return {
    text,
    lines,
    events,
    destination: {
      write(chunk: string) {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const raw = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          text.push(raw);
          let line: Record<string, unknown>;
          try {
            line = JSON.parse(raw) as Record<string, unknown>;
          } catch {
            line = { unparsed: raw };
          }
          lines.push(line);
          events.emit("line", line);
        }
      },
    },
  };
}

/**
 * Reads until `ok` accepts what it read, and returns that. The deadline is only a safety net for a busy machine;
 * nothing is asserted about how long it took.
 */
export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string, safetyNetMs = 300_000): Promise<T> {
  const deadline = Date.now() + safetyNetMs;
  while (Date.now() < deadline) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
