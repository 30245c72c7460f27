import { randomUUID } from "node:crypto";
import { createCaribexClient } from "@caribex/client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, logCapture, outcome, signIn, startServer, type Running } from "./harness";

// The findings of the outside attack, each reproduced over HTTP against the real server and refused.

const METRICS_TOKEN = "m".repeat(48);
const logs = logCapture();
let s: Running;
let ownPort: Running;
let admin: Awaited<ReturnType<typeof signIn>>;
let seller: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: "info", METRICS_TOKEN, IMAGE_HOST_ALLOWLIST: "cdn.example.org" }, { logDestination: logs.destination });
  admin = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
  seller = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
  await s.app.database.db.execute(`update users set role = 'admin' where id = '${admin.user.id}'`);
  await s.app.database.db.execute(`update users set role = 'seller' where id = '${seller.user.id}'`);
});
afterAll(async () => {
  await s?.stop();
  await ownPort?.stop();
});

describe("a service token with the wallet:credit scope", () => {
  it("is refused with a 403, where it used to get a 500 from the database; an admin still credits", async () => {
    const created = await admin.client.admin.serviceClient.create.mutate({ name: "svc credit", scopes: ["wallet:credit"] });
    const { accessToken } = await browser(s.url).client.auth.serviceToken.mutate({ clientId: created.clientId, clientSecret: created.clientSecret });
    const api = createCaribexClient({ url: `${s.url}/trpc`, headers: { authorization: `Bearer ${accessToken}` } });
    const credit = { userId: seller.user.id, currency: "JMD" as const, amount: 100n, idempotencyKey: randomUUID() };
    expect(await outcome(api.admin.wallet.credit.mutate(credit))).toBe("403 AUTH.FORBIDDEN");
    expect(await outcome(admin.client.admin.wallet.credit.mutate(credit))).toBe("ok");
  });
});

describe("a path parameter that is not valid percent-encoding", () => {
  it("is a 400 in the REST error shape, logged below error level", async () => {
    const res = await fetch(`${s.url}/api/v1/products/%ZZ`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "VALIDATION.INVALID_INPUT", message: expect.any(String), details: expect.any(Object) } });
    // No line at error level or above, and no stack.
    expect(logs.lines.filter((l) => typeof l.level === "number" && l.level >= 50)).toEqual([]);
    expect(logs.text.join("\n")).not.toContain("URIError");
  });
});

describe("/metrics", () => {
  it("answers only with its bearer token when METRICS_TOKEN is set", async () => {
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("CaribEX_requests_total");
  });

  it("with METRICS_PORT, answers only on that port, never on the public one", async () => {
    ownPort = await startServer({ METRICS_PORT: "0" });
    expect(ownPort.metricsUrl).toBeDefined();
    expect(ownPort.metricsUrl).not.toBe(ownPort.url);
    expect((await fetch(`${ownPort.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${ownPort.url}/healthz`)).status).toBe(200);
    const scraped = await fetch(`${ownPort.metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("CaribEX_requests_total");
    // That port serves nothing else.
    expect((await fetch(`${ownPort.metricsUrl}/healthz`)).status).toBe(404);
  });
});

describe("product pictures", () => {
  const hash = "b".repeat(64);
  const product = (images: string[]) => ({ title: "Mug", price: 500n, currency: "JMD" as const, quantity: 1, images });

  it("are refused from any host but ours and the allowed ones (no tracking pixels)", async () => {
    expect(await outcome(seller.client.seller.product.create.mutate(product(["https://tracker.example.net/pixel.gif"])))).toBe("400 PRODUCT.INVALID");
    expect(await outcome(seller.client.seller.product.create.mutate(product(["http://cdn.example.org/mug.png"])))).toBe("400 PRODUCT.INVALID");
    expect(await outcome(seller.client.seller.product.create.mutate(product([`http://localhost:8080/images/${hash}.webp`, "https://cdn.example.org/mug.png"])))).toBe("ok");
  });
});
