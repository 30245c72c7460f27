import { once } from "node:events";
import { createServer as createTcpServer, connect, type AddressInfo, type Server as TcpServer } from "node:net";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@caribex/config";
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from "@caribex/db/testing";
import { createApp } from "../src/app";
import { logCapture, signIn, startServer, type Running } from "./harness";

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

describe("Redis down at boot", () => {
  let s: Running;
  const logs = logCapture();
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
    s = await startServer({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: "warn" }, { logDestination: logs.destination });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("starts, reports Redis as degraded while staying ready, and names REDIS_URL in the log", async () => {
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "degraded", checks: { database: "ok", redis: "fail" }, degraded: ["redis"] });
    expect(logs.lines.some((l) => l.variable === "REDIS_URL" && String(l.msg).includes(`127.0.0.1:${port}`))).toBe(true);
  });

  it("serves reads and a whole sign-in without it", async () => {
    expect((await fetch(`${s.url}/trpc/category.list`)).status).toBe(200);
    const shopper = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    expect((await shopper.client.auth.me.query())?.id).toBe(shopper.user.id);
    expect(await shopper.client.wallet.balances.query()).toBeInstanceOf(Array);
  });
});

describe("Redis going away while running", () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("leaves the pod ready: /readyz answers 200 with Redis listed as degraded", async () => {
    expect(await (await fetch(`${s.url}/readyz`)).json()).toMatchObject({ status: "ready", checks: { redis: "ok" } });
    s.app.redis.main?.disconnect();
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "degraded", checks: { database: "ok", redis: "fail" }, degraded: ["redis"] });
  });
});

describe("the database at start-up", () => {
  let db: TestDatabase;
  let forwarder: TcpServer | undefined;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 1 });
  });
  afterAll(async () => {
    forwarder?.close();
    await db?.drop();
  });

  const configFor = (url: string, env: Record<string, string> = {}) =>
    parseConfig({ NODE_ENV: "test", DATABASE_URL: url, DB_SEED_ON_START: "false", LOG_LEVEL: "warn", ...env });

  it("gives up after DATABASE_STARTUP_TIMEOUT_SECONDS naming DATABASE_URL and the host, never the password", async () => {
    const port = await closedPort();
    const logs = logCapture();
    const url = `postgres://caribex:hunter2-secret@127.0.0.1:${port}/caribex`;
    const failure = await createApp(configFor(url, { DATABASE_STARTUP_TIMEOUT_SECONDS: "0" }), { logDestination: logs.destination, defaultMetrics: false }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failure?.message).toMatch(new RegExp(`^DATABASE_URL: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/caribex \\(ECONNREFUSED\\)`));
    expect(logs.lines.at(-1)).toMatchObject({ level: 60, variable: "DATABASE_URL", target: `127.0.0.1:${port}/caribex` });
    expect(JSON.stringify(logs.lines) + failure?.message).not.toContain("hunter2");
  });

  it("waits with backoff for a database that comes up after the server", async () => {
    const port = await closedPort();
    const logs = logCapture();
    const url = `${TEST_SERVER_URL.replace(/:5432$/, `:${port}`)}/${db.name}`;
    const starting = createApp(configFor(url, { DATABASE_STARTUP_TIMEOUT_SECONDS: "120" }), { logDestination: logs.destination, defaultMetrics: false });
    // The first "not reachable yet" line, then the database appears on that port.
    const [first] = (await once(logs.events, "line")) as [Record<string, unknown>];
    expect(first).toMatchObject({ variable: "DATABASE_URL", attempt: 1 });
    const upstream = new URL(TEST_SERVER_URL);
    forwarder = createTcpServer((socket) => {
      const to = connect(Number(upstream.port), upstream.hostname);
      socket.pipe(to).pipe(socket);
      socket.on("error", () => to.destroy());
      to.on("error", () => socket.destroy());
    });
    await new Promise<void>((r) => forwarder!.listen(port, "127.0.0.1", r));
    const app = await starting;
    try {
      expect((await app.database.ping().then(() => "ok"))).toBe("ok");
    } finally {
      await app.close();
    }
  });
});

describe("ADMIN_WALLETS", () => {
  const operator = privateKeyToAccount(generatePrivateKey());
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ ADMIN_WALLETS: operator.address.toLowerCase() });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const roleOf = async (address: string) => (await s.db.uow.run({ kind: "system" }, (repos) => repos.users.findByAddress(address)))?.role;

  it("creates the listed wallet's user as an admin at start-up, before it ever signs in", async () => {
    expect(await roleOf(operator.address)).toBe("admin");
  });

  it("keeps the listed wallet an admin at sign-in, even after a demotion; others stay customers", async () => {
    const again0 = await signIn(s.url, operator);
    expect(again0.user.role).toBe("admin");
    // Demoted behind the operator's back (another admin, or by hand).
    await s.db.uow.run({ kind: "system" }, (repos) => repos.users.setRole(again0.user.id, "customer"));
    expect(await roleOf(operator.address)).toBe("customer");
    const again = await signIn(s.url, operator);
    expect(again.user.role).toBe("admin");
    expect((await again.client.admin.user.list.query({})).items.length).toBeGreaterThan(0);
    const stranger = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    expect(stranger.user.role).toBe("customer");
  });
});
