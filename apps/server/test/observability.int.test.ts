import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildSiweMessage } from "@caribex/client";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { DEMO_KEYS } from "@caribex/db";
import { hashUserId } from "@caribex/observability";
import { browser, ORIGIN, outcome, startServer, type Running, logCapture } from "./harness";

// A shopper's whole visit, recorded from the server's own log output, then read back as an operator would see
// it: every line structured, and nothing in it that identifies a wallet or reveals money.

const logs = logCapture();
const lines = logs.text;

let s: Running;
beforeAll(async () => {
  s = await startServer({ DB_SEED_ON_START: "true", LOG_LEVEL: "debug", LOG_REDACT_EXTRA: "iban,meta.memo" }, { logDestination: logs.destination, defaultMetrics: true });
});
afterAll(async () => {
  await s?.stop();
});

type B = ReturnType<typeof browser>;
type Line = Record<string, unknown>;

/** Everything that must never reach a log line, gathered as the session produces it. */
const secrets = new Set<string>();
const remember = (...values: (string | bigint | undefined)[]) => {
  for (const v of values) if (v !== undefined && String(v).length > 0) secrets.add(String(v));
};

async function signIn(account: PrivateKeyAccount) {
  const b = browser(s.url);
  const { nonce } = await b.client.auth.nonce.query();
  const message = buildSiweMessage({ origin: ORIGIN, address: account.address, chainId: 1, nonce });
  const signature = await account.signMessage({ message });
  const { user } = await b.client.auth.signIn.mutate({ message, signature });
  remember(account.address, account.address.toLowerCase(), nonce, signature, signature.toLowerCase());
  remember(b.jar.get("caribex_session"), b.jar.get("caribex_refresh"));
  return { b, user };
}

const requestLines = () => lines.map((l) => JSON.parse(l) as Line).filter((l) => l.msg === "request");

// Amounts long and odd enough that no timestamp, duration or id in a log line contains them by chance.
const PRICE = 7_319_468n;
const CREDIT = 93_846_251n;
const SENT = 5_820_417n;
const TOO_MUCH = 8_888_888_887n;

let shopper: { b: B; user: { id: string } };
let recipientId = "";
const requestId = `obs-${randomUUID()}`;

describe("a scripted session", () => {
  it("signs in, browses, buys, sends money and fails once", async () => {
    const admin = await signIn(privateKeyToAccount(DEMO_KEYS[0]!.privateKey));
    const seller = await signIn(privateKeyToAccount(DEMO_KEYS[1]!.privateKey));
    shopper = await signIn(privateKeyToAccount(generatePrivateKey()));
    const recipientAccount = privateKeyToAccount(generatePrivateKey());
    recipientId = (await signIn(recipientAccount)).user.id;
    remember(admin.user.id, seller.user.id, shopper.user.id, recipientId);

    const product = await seller.b.client.seller.product.create.mutate({
      title: "Observability test mug",
      description: "Holds coffee while dashboards load.",
      price: PRICE,
      currency: "JMD",
      quantity: 10,
    });

    // Browse: the second read of one product is served from the cache.
    const list = await shopper.b.client.product.list.query({ pageSize: 5 });
    expect(list.items.length).toBeGreaterThan(0);
    expect((await shopper.b.client.product.byId.query({ id: product.id })).price).toBe(PRICE);
    await shopper.b.client.product.byId.query({ id: product.id });

    await admin.b.client.admin.wallet.credit.mutate({ userId: shopper.user.id, currency: "JMD", amount: CREDIT, idempotencyKey: randomUUID() });
    const cart = await shopper.b.client.cart.setItem.mutate({ productId: product.id, quantity: 2 });
    expect(cart.totals).toEqual([{ currency: "JMD", amount: 2n * PRICE }]);
    const { orders } = await shopper.b.client.checkout.place.mutate({ idempotencyKey: randomUUID() });
    expect(orders).toHaveLength(1);
    await shopper.b.client.wallet.send.mutate({ to: recipientAccount.address, currency: "JMD", amount: SENT, idempotencyKey: randomUUID() });

    const left = CREDIT - 2n * PRICE - SENT;
    const balances = await shopper.b.client.wallet.balances.query();
    expect(balances.find((x) => x.currency === "JMD")?.balance).toBe(left);
    remember(PRICE, 2n * PRICE, CREDIT, SENT, TOO_MUCH, left, CREDIT - 2n * PRICE);

    // The failing call: more than the shopper holds.
    expect(
      await outcome(shopper.b.client.wallet.send.mutate({ to: recipientAccount.address, currency: "JMD", amount: TOO_MUCH, idempotencyKey: randomUUID() })),
    ).toBe("409 WALLET.INSUFFICIENT_FUNDS");

    // A caller-chosen request id comes back and names the log line; an unknown procedure is a 404.
    const res = await shopper.b.fetch(`${s.url}/trpc/doesNotExist.x?input=%7B%7D`, { headers: { "x-request-id": requestId } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBe(requestId);
    const last = `obs-last-${randomUUID()}`;
    await (await fetch(`${s.url}/trpc/doesNotExist.y`, { headers: { "x-request-id": last } })).arrayBuffer();
    // A request is logged and counted when its response finishes, which the client may see first: the checks
    // below start once the last one is in.
    await vi.waitUntil(() => requestLines().some((l) => l.request_id === last), { timeout: 30_000, interval: 10 });
  });

  it("logs one JSON line per request with the request fields", () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();

    const reqs = requestLines();
    for (const r of reqs) {
      expect(typeof r.request_id).toBe("string");
      expect(r.user_hash === null || /^[0-9a-f]{16}$/.test(String(r.user_hash))).toBe(true);
      expect(["GET", "POST"]).toContain(r.method);
      expect(typeof r.path).toBe("string");
      expect(typeof r.status).toBe("number");
      expect(typeof r.duration).toBe("number");
      const status = r.status as number;
      expect(r.level).toBe(status >= 500 ? 50 : status >= 400 ? 40 : 30);
      // Tracing is off in this file, so no trace id is invented.
      expect(r.trace_id).toBeUndefined();
    }

    const shopperHash = hashUserId(s.app.config.USER_HASH_SECRET, shopper.user.id);
    const checkout = reqs.filter((r) => r.path === "checkout.place");
    expect(checkout).toHaveLength(1);
    expect(checkout[0]).toMatchObject({ method: "POST", status: 200, level: 30, user_hash: shopperHash });

    const failed = reqs.filter((r) => r.path === "wallet.send" && r.status === 409);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 40, user_hash: shopperHash });

    const unknown = reqs.find((r) => r.request_id === requestId);
    expect(unknown).toMatchObject({ path: "unknown", status: 404, level: 40, user_hash: shopperHash });

    // Anonymous requests carry no user.
    expect(reqs.find((r) => r.path === "auth.nonce")?.user_hash).toBeNull();
  });

  it("never logs an address, an amount or balance, a cookie, a signature, a nonce or a user id", () => {
    expect(secrets.size).toBeGreaterThan(20);
    const text = lines.join("\n").toLowerCase();
    const leaked = [...secrets].filter((secret) => text.includes(secret.toLowerCase()));
    expect(leaked).toEqual([]);
  });
});

describe("the server's logger", () => {
  it("applies the built-in list and LOG_REDACT_EXTRA to every line, children included", () => {
    const before = lines.length;
    const child = s.app.logger.child({ component: "ledger" });
    child.warn({ walletAddress: "0x52908400098527886E0F7030069857D2E4169EE7", balance: 123456789n.toString(), iban: "JM00BANK1234", meta: { memo: "rent for may" } }, "check");
    s.app.logger.error(new Error("transfer to 0x52908400098527886e0f7030069857d2e4169ee7 failed"));
    const text = lines.slice(before).join("\n");
    expect(lines.length - before).toBe(2);
    for (const hidden of ["52908400098527886", "123456789", "JM00BANK1234", "rent for may"]) expect(text.toLowerCase()).not.toContain(hidden.toLowerCase());
    expect(JSON.parse(lines[before]!)).toMatchObject({ component: "ledger", walletAddress: "[Redacted]", iban: "[Redacted]", meta: { memo: "[Redacted]" } });
  });
});

/** The value of one sample: the series name and every given label must match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("/metrics after the session", () => {
  let text = "";
  beforeAll(async () => {
    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    text = await res.text();
  });

  it("counts requests by method, procedure and status", () => {
    expect(sample(text, "CaribEX_requests_total", { method: "POST", path: "checkout.place", status: "200" })).toBe(1);
    expect(sample(text, "CaribEX_requests_total", { method: "GET", path: "product.byId", status: "200" })).toBe(2);
    expect(sample(text, "CaribEX_requests_total", { method: "POST", path: "wallet.send", status: "200" })).toBe(1);
    expect(sample(text, "CaribEX_requests_total", { method: "POST", path: "wallet.send", status: "409" })).toBe(1);
    expect(sample(text, "CaribEX_requests_total", { method: "POST", path: "auth.signIn", status: "200" })).toBe(4);
    expect(sample(text, "CaribEX_requests_total", { method: "GET", path: "unknown", status: "404" })).toBe(2);
    expect(sample(text, "CaribEX_request_duration_seconds_count", { method: "POST", path: "checkout.place" })).toBe(1);
    expect(sample(text, "CaribEX_request_duration_seconds_bucket", { method: "POST", path: "checkout.place", le: "+Inf" })).toBe(1);
  });

  it("keeps label values bounded: procedure names only, never raw paths, ids or addresses", () => {
    const paths = new Set([...text.matchAll(/\bpath="([^"]*)"/g)].map((m) => m[1]));
    expect(paths.size).toBeGreaterThan(5);
    for (const p of paths) expect(p).toMatch(/^(unknown|other|\/healthz|\/readyz|\/metrics|[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+)$/);
    expect(text).not.toContain("doesNotExist");
    expect(text).not.toMatch(/0x[0-9a-fA-F]{8}/);
    expect(text).not.toContain(shopper.user.id);
  });

  it("counts money movements by type and outcome", () => {
    const tx = (type: string, status: string) => sample(text, "CaribEX_wallet_transactions_total", { type, status });
    expect(tx("credit", "completed")).toBe(1);
    expect(tx("escrow_hold", "completed")).toBe(1);
    expect(tx("transfer", "completed")).toBe(1);
    expect(tx("transfer", "failed")).toBe(1);
  });

  it("reports cache, database, pool, event loop and process metrics", () => {
    expect(sample(text, "CaribEX_cache_hits_total", { level: "l1" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "CaribEX_cache_misses_total", { level: "l1" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "CaribEX_cache_misses_total", { level: "l2" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "CaribEX_db_query_duration_seconds_count", { operation: "select" })).toBeGreaterThan(0);
    expect(sample(text, "CaribEX_db_query_duration_seconds_count", { operation: "insert" })).toBeGreaterThan(0);
    for (const m of text.matchAll(/CaribEX_db_query_duration_seconds_count\{operation="([^"]*)"/g)) {
      expect(["select", "insert", "update", "delete", "with", "begin", "commit", "rollback", "set", "savepoint", "release", "lock", "create", "alter", "drop", "other"]).toContain(m[1]);
    }
    expect(sample(text, "CaribEX_db_pool_in_use")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "CaribEX_cache_l1_size_bytes")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});

describe("when the database goes away", () => {
  it("logs the 5xx at error with the stack, and /readyz names the database", async () => {
    await s.db.drop();
    const before = lines.length;
    expect(await outcome(shopper.b.client.wallet.history.query({}))).toBe("500 INTERNAL");
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "unavailable", checks: { database: "fail", redis: "ok" }, failed: ["database"] });

    const after = lines.slice(before).map((l) => JSON.parse(l) as Line);
    const line = after.find((l) => l.msg === "request" && l.path === "wallet.history");
    expect(line).toMatchObject({ level: 50, status: 500 });
    const err = line?.err as { stack?: string; message?: string } | undefined;
    expect(err?.stack).toMatch(/\n\s+at /);
    // Still no personal data, even in an error.
    const text = lines.join("\n").toLowerCase();
    expect([...secrets].filter((x) => text.includes(x.toLowerCase()))).toEqual([]);
  });
});
