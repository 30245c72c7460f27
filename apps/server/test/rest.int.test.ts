import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { buildSiweMessage, DEMO_ACCOUNTS } from "@caribex/client";
import { cookieJarFetch } from "@caribex/client/node";
import { ORIGIN, signIn, startServer, type Running } from "./harness";

// REST under /api/v1 with nothing but fetch and JSON: what a client in another language does.

let s: Running;
beforeAll(async () => {
  s = await startServer({ DB_SEED_ON_START: "true" });
});
afterAll(async () => {
  await s?.stop();
});

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

function rest(fetcher: typeof fetch = fetch) {
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> => {
    const res = await fetcher(`${s.url}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
}

interface Product {
  id: string;
  title: string;
  price: string;
  currency: string;
  quantity: number;
}

describe("REST /api/v1", () => {
  it("publishes an OpenAPI 3.1 document for every route", async () => {
    const res = await fetch(`${s.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerAuth", "sessionCookie"]);
    const products = doc.paths["/api/v1/products"]?.get;
    expect(products?.operationId).toBe("product.list");
    expect(JSON.stringify(products)).toContain('"name":"pageSize","in":"query"');
    expect(doc.paths["/api/v1/checkout"]?.post?.operationId).toBe("checkout.place");
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.responses["200"]).toBeDefined();
    // Money is described as a decimal string, never as a JSON number.
    expect(JSON.stringify(doc.paths["/api/v1/products/{id}"])).toMatch(/"price":\{"type":"string"/);
  });

  it("serves a readable reference page", async () => {
    const res = await fetch(`${s.url}/api/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("<code>/api/v1/checkout</code>");
    expect(html).toContain('href="/openapi.json"');
  });

  it("lists products with prices as decimal strings beside their currency", async () => {
    const { status, body } = await rest()<{ items: Product[]; total: number }>("GET", "/products?pageSize=3&sort=price_asc");
    expect(status).toBe(200);
    expect(body.items).toHaveLength(3);
    for (const p of body.items) expect(p.price).toMatch(p.currency === "USDC" ? /^\d+\.\d{6}$/ : /^\d+\.\d{2}$/);
    const one = await rest()<Product>("GET", `/products/${body.items[0]!.id}`);
    expect(one.body).toMatchObject({ id: body.items[0]!.id, price: body.items[0]!.price });
  });

  it("answers errors as { error: { code, message, details } } with the mapped status", async () => {
    const missing = await rest()("GET", `/products/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: "PRODUCT.NOT_FOUND", message: expect.any(String), details: expect.any(Object) } });
    const invalid = await rest()<{ error: { code: string; details: { issues: { path: string }[] } } }>("GET", "/products?pageSize=1000");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(invalid.body.error.details.issues[0]?.path).toBe("pageSize");
    const anonymous = await rest()("GET", "/cart");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: "AUTH.UNAUTHENTICATED" } });
    expect((await rest()("GET", "/nowhere")).status).toBe(404);
    expect((await rest()("PATCH", "/cart")).status).toBe(405);
  });

  it("signs in, fills the cart and checks out with plain JSON and the session cookie", async () => {
    const jar = new Map<string, string>();
    const call = rest(cookieJarFetch(jar));
    const csrf = { "x-caribex-csrf": "1" };
    const account = privateKeyToAccount(DEMO_ACCOUNTS.find((a) => a.label === "Shopper 2")!.privateKey);

    const nonce = await call<{ nonce: string; chainIds: number[]; expiresAt: string }>("GET", "/auth/nonce");
    expect(nonce.body.chainIds).toEqual([1, 31337]);
    const message = buildSiweMessage({ origin: ORIGIN, address: account.address, chainId: nonce.body.chainIds[0]!, nonce: nonce.body.nonce });
    const signature = await account.signMessage({ message });
    const signedIn = await call<{ user: { role: string } }>("POST", "/auth/sign-in", { message, signature }, csrf);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.role).toBe("customer");

    const balances = await call<{ currency: string; balance: string }[]>("GET", "/wallet/balances");
    expect(balances.status).toBe(200);
    const { body: page } = await call<{ items: Product[] }>("GET", "/products?pageSize=50");
    const held = new Set(balances.body.filter((b) => Number(b.balance) > 0).map((b) => b.currency));
    const product = page.items.find((p) => held.has(p.currency) && p.quantity > 0)!;

    const cart = await call<{ items: { productId: string; lineTotal: string }[]; totals: { currency: string; amount: string }[] }>(
      "PUT",
      `/cart/items/${product.id}`,
      { quantity: 1 },
      csrf,
    );
    expect(cart.status).toBe(200);
    expect(cart.body.items).toEqual([expect.objectContaining({ productId: product.id })]);
    expect(cart.body.totals).toEqual([{ currency: product.currency, amount: product.price }]);

    // A foreign site cannot spend the session cookie.
    const foreign = await call("POST", "/checkout", { idempotencyKey: randomUUID() }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: { code: "AUTH.ORIGIN_REJECTED" } });

    const placed = await call<{ orders: { id: string; status: string; total: string; currency: string }[] }>(
      "POST",
      "/checkout",
      { idempotencyKey: randomUUID() },
      csrf,
    );
    expect(placed.status).toBe(200);
    expect(placed.body.orders).toEqual([expect.objectContaining({ status: "paid", total: product.price, currency: product.currency })]);
    const order = await call<{ id: string; status: string }>("GET", `/orders/${placed.body.orders[0]!.id}`);
    expect(order.body).toMatchObject({ id: placed.body.orders[0]!.id, status: "paid" });
    const cancelled = await call<{ status: string }>("POST", `/orders/${order.body.id}/cancel`, {}, csrf);
    expect(cancelled.body.status).toBe("cancelled");

    // Money in is a decimal string in its currency, too.
    const to = privateKeyToAccount(DEMO_ACCOUNTS.find((a) => a.label === "Shopper 3")!.privateKey).address;
    const decimals = product.currency === "USDC" ? 6 : 2;
    const one = (1).toFixed(decimals);
    const sent = await call<{ amount: string; currency: string }>("POST", "/wallet/send", { to, currency: product.currency, amount: one, idempotencyKey: randomUUID() }, csrf);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ amount: one, currency: product.currency });
    const tooPrecise = await call<{ error: { code: string } }>("POST", "/wallet/send", { to, currency: product.currency, amount: `1.${"1".repeat(decimals + 1)}`, idempotencyKey: randomUUID() }, csrf);
    expect(tooPrecise.status).toBe(400);
    expect(tooPrecise.body.error.code).toBe("VALIDATION.INVALID_INPUT");
  });

  it("quotes and converts with plain JSON: GET /wallet/quote, then POST /wallet/convert honours it once", async () => {
    const key = (label: string) => privateKeyToAccount(DEMO_ACCOUNTS.find((a) => a.label === label)!.privateKey);
    const admin = await signIn(s.url, privateKeyToAccount(DEMO_ACCOUNTS.find((a) => a.role === "admin")!.privateKey));
    await admin.client.admin.fx.fundHouse.mutate({ currency: "JMD", amount: 1_000_000n, memo: "float for conversions", idempotencyKey: randomUUID() });
    const shopper = await signIn(s.url, key("Shopper 1"));
    const call = rest(shopper.fetch);

    const quote = await call<{ id: string; from: string; to: string; side: string; pay: string; receive: string }>("GET", "/wallet/quote?from=USD&to=JMD&amount=2.00");
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    // Each amount reads in the currency it is counted in: what is paid in USD, what is received in JMD.
    expect(quote.body).toMatchObject({ from: "USD", to: "JMD", side: "pay", pay: "2.00", amount: "2.00" });
    expect(quote.body.receive).toMatch(/^\d+\.\d{2}$/);
    const receiving = await call<{ from: string; to: string; side: string; receive: string }>("GET", "/wallet/quote?from=USD&to=JMD&amount=100.00&side=receive");
    expect(receiving.body).toMatchObject({ side: "receive", receive: "100.00" });
    const invalid = await call<{ error: { code: string } }>("GET", "/wallet/quote?from=USD&to=USD&amount=2.00");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("VALIDATION.INVALID_INPUT");

    const idempotencyKey = randomUUID();
    const done = await call<{ debit: { currency: string; amount: string }; credit: { currency: string; amount: string } }>("POST", "/wallet/convert", { quoteId: quote.body.id, idempotencyKey });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.debit).toMatchObject({ currency: "USD", amount: "2.00" });
    expect(done.body.credit).toMatchObject({ currency: "JMD", amount: quote.body.receive });
    // The same key answers the same conversion; a new key cannot spend the quote again.
    const replay = await call("POST", "/wallet/convert", { quoteId: quote.body.id, idempotencyKey });
    expect(replay.body).toEqual(done.body);
    const again = await call<{ error: { code: string } }>("POST", "/wallet/convert", { quoteId: quote.body.id, idempotencyKey: randomUUID() });
    expect(again.body.error.code).toBe("FX.QUOTE_USED");
  });
});
