import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxStore } from "@caribex/db";
import { EVENT_TYPES } from "@caribex/domain";
import type { Caller } from "@caribex/application";
import { createWebhookSender } from "../src/events/webhook-sender";
import { refuseWebhookUrl } from "../src/events/url-guard";
import { createRelay } from "../src/events/relay";
import { startServer, type Running } from "./harness";

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on this machine: answers with `reply` (which may never answer) and keeps what arrived. */
async function receiver(reply: (n: number, res: ServerResponse) => void = (_, res) => res.end("ok")) {
  const got: Received[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      got.push({ headers: req.headers as Record<string, string>, body });
      for (const w of waiters.splice(0)) w();
      reply(got.length, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    got,
    /** Resolves once `n` requests have arrived. */
    async count(n: number) {
      while (got.length < n) await new Promise<void>((r) => waiters.push(r));
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

let s: Running;
let seller: Caller;
let buyer: Caller;
let admin: Caller;
const receivers: Awaited<ReturnType<typeof receiver>>[] = [];

/**
 * A clock the test moves: retries fall due when the test says so, never by waiting. It starts a minute ahead of
 * the database's, so what the database queued "now" is due by it.
 */
let now = new Date(Date.now() + 60_000);
const clock = { now: () => now };

async function person(role: "customer" | "seller" | "admin"): Promise<Caller> {
  const { user } = await s.app.deps.services.users.signIn(privateKeyToAccount(generatePrivateKey()).address);
  await s.app.database.db.execute(`update users set role = '${role}' where id = '${user.id}'`);
  return { id: user.id, role };
}

beforeAll(async () => {
  // Jobs off: the test runs the relay and the sender passes itself.
  s = await startServer({ JOBS_MODE: "off", WEBHOOK_ALLOW_INSECURE_URLS: "true" }, { clock });
  [seller, buyer, admin] = await Promise.all([person("seller"), person("customer"), person("admin")]);
  await s.app.deps.services.wallet.credit(admin, { userId: buyer.id, currency: "JMD", amount: 10_000_000n, idempotencyKey: `k-${randomBytes(8).toString("hex")}` });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await s?.stop();
});

const webhooks = () => s.app.deps.webhooks!;

async function newEndpoint(r: { url: string }, who: Caller = seller, events: ("order.paid" | "order.shipped")[] = ["order.paid"]) {
  return webhooks().create(who, { url: r.url, events });
}

async function placeOrder(from: Caller = seller): Promise<string> {
  const services = s.app.deps.services;
  const p = await services.sellerProducts.create(from, { title: `Mug ${randomBytes(3).toString("hex")}`, price: 1500n, currency: "JMD", quantity: 5 });
  await services.cart.setItem(buyer, { productId: p.id, quantity: 1 });
  const { orders } = await services.checkout.place(buyer, { idempotencyKey: `k-${randomBytes(8).toString("hex")}` });
  return orders[0]!.id;
}

function freshRelay() {
  // What a new server process builds: nothing carried over from the one before but the database.
  const outbox = createOutboxStore(s.app.database);
  return {
    relay: createRelay({ outbox, consumers: [], logger: s.app.logger }),
    sender: createWebhookSender({ outbox, clock, logger: s.app.logger, post: { allowInsecure: true } }),
  };
}

describe("webhook deliveries", () => {
  it("delivers a committed event once after a crash between the commit and the relay, verified with standardwebhooks", async () => {
    const r = await receiver();
    receivers.push(r);
    const { secret } = await newEndpoint(r);
    const orderId = await placeOrder();
    // The process that committed the order dies here: nothing ran the relay. A new one picks the event up.
    const first = freshRelay();
    await first.relay.pass();
    await first.sender.pass();
    await first.sender.idle();
    await r.count(1);
    const { headers, body } = r.got[0]!;
    const event = new Webhook(secret).verify(body, headers) as { id: string; type: string; data: { orderId: string; total: string } };
    expect(event).toMatchObject({ type: "order.paid", data: { orderId, total: "15.00" } });
    expect(headers["webhook-id"]).toBe(event.id);

    // The sender crashed after sending but before recording: its lease runs out and the same event comes again
    // with the same webhook-id; a relay that runs again queues nothing twice.
    await s.app.database.db.execute(`update webhook_deliveries set status = 'pending', lease_until = null where event_id = '${event.id}'`);
    const second = freshRelay();
    expect((await second.relay.pass()).sequenced).toBe(0);
    await second.sender.pass();
    await second.sender.idle();
    await r.count(2);
    expect(r.got[1]!.headers["webhook-id"]).toBe(event.id);
    expect(r.got).toHaveLength(2);
  });

  it("retries 500, 500, 200 as three attempts with one webhook-id, on a backoff schedule", async () => {
    const r = await receiver((n, res) => {
      res.statusCode = n <= 2 ? 500 : 200;
      res.end();
    });
    receivers.push(r);
    const shop = await person("seller");
    const { endpoint } = await newEndpoint(r, shop);
    await placeOrder(shop);
    const { relay, sender } = freshRelay();
    await relay.pass();
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await sender.pass()).toBe(1);
      await sender.idle();
      // Nothing is due again until the clock reaches the next attempt.
      expect(await sender.pass()).toBe(0);
      now = new Date(now.getTime() + 60 * 60 * 1000);
    }
    await r.count(3);
    expect(new Set(r.got.map((g) => g.headers["webhook-id"])).size).toBe(1);
    const { items } = await webhooks().deliveries(shop, endpoint.id, null);
    expect(items[0]).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 200 });
  });

  it("a receiver that hangs times out without delaying another endpoint's delivery", async () => {
    const hanging = await receiver(() => {});
    const fast = await receiver();
    receivers.push(hanging, fast);
    const shop = await person("seller");
    const { endpoint: slow } = await newEndpoint(hanging, shop);
    await newEndpoint(fast, shop);
    await placeOrder(shop);
    const { relay, sender } = freshRelay();
    await relay.pass();
    await sender.pass();
    await Promise.all([hanging.count(1), fast.count(1)]);
    // The fast one was answered while the hanging one still holds its request open.
    expect(fast.got).toHaveLength(1);
    const before = await webhooks().deliveries(shop, slow.id, null);
    expect(before.items[0]!.attempts).toBe(0);
    await sender.idle();
    const after = await webhooks().deliveries(shop, slow.id, null);
    expect(after.items[0]).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(after.items[0]!.lastError).toMatch(/No answer within 5000 ms/);
    await webhooks().update(shop, { id: slow.id, enabled: false });
  }, 20_000);

  it("signs with both secrets during a rotation, rejects tampering, old timestamps and wrong secrets", async () => {
    // Signatures carry the clock's time: back to (nearly) the real one, which the receiver checks against.
    now = new Date(Date.now() + 60_000);
    const r = await receiver();
    receivers.push(r);
    const { endpoint, secret: oldSecret } = await newEndpoint(r);
    const { secret: newSecret } = await webhooks().rotateSecret(seller, endpoint.id);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    await webhooks().sendTest(seller, endpoint.id);
    const { sender } = freshRelay();
    await sender.pass();
    await sender.idle();
    await r.count(1);
    const { headers, body } = r.got[0]!;
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(newSecret).verify(body, headers)).toMatchObject({ type: "webhook.test" });
    expect(() => new Webhook(newSecret).verify(body.replace("test", "tost"), headers)).toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString("base64")}`).verify(body, headers)).toThrow();
    const old = { ...headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) };
    expect(() => new Webhook(newSecret).verify(body, old)).toThrow();
  });

  it("keeps sellers to their own endpoints and events, and replays a delivery with the same id", async () => {
    const mine = await receiver();
    const adminsReceiver = await receiver();
    receivers.push(mine, adminsReceiver);
    const other = await person("seller");
    const { endpoint } = await newEndpoint(mine, other);
    await newEndpoint(adminsReceiver, admin);
    await placeOrder(); // sold by `seller`, not `other`
    const { relay, sender } = freshRelay();
    await relay.pass();
    await sender.pass();
    await sender.idle();
    await adminsReceiver.count(1);
    expect(mine.got).toHaveLength(0);
    expect((await webhooks().list(seller)).some((e) => e.id === endpoint.id)).toBe(false);
    await expect(webhooks().deliveries(seller, endpoint.id, null)).rejects.toMatchObject({ code: "WEBHOOK.NOT_FOUND" });
    expect((await webhooks().list(admin)).some((e) => e.id === endpoint.id)).toBe(true);

    const [adminEndpoint] = (await webhooks().list(admin)).filter((e) => e.url === adminsReceiver.url);
    const { items } = await webhooks().deliveries(admin, adminEndpoint!.id, null);
    await webhooks().replay(admin, items[0]!.id);
    await sender.pass();
    await sender.idle();
    await adminsReceiver.count(2);
    expect(adminsReceiver.got[1]!.headers["webhook-id"]).toBe(adminsReceiver.got[0]!.headers["webhook-id"]);
  });
});

describe("the contract", () => {
  it("/openapi.json documents every event type under OpenAPI 3.1 webhooks", async () => {
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { openapi: string; webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: { type: { const: string } } } }> } } }> };
    expect(doc.openapi).toBe("3.1.0");
    for (const type of [...EVENT_TYPES, "webhook.test"]) {
      expect(doc.webhooks[type]?.post.requestBody.content["application/json"]!.schema.properties.type.const, type).toBe(type);
    }
  });
});

describe("webhook URL safety (production rules)", () => {
  const production = { allowInsecure: false, resolve: async (host: string) => (host === "rebind.example" ? ["10.0.0.1"] : host === "meta.example" ? ["169.254.169.254"] : ["93.184.215.14"]) };

  it("refuses http, loopback, private, link-local and metadata addresses, also behind a name", async () => {
    expect(await refuseWebhookUrl("http://hooks.example/x", production)).toMatch(/https/);
    for (const url of ["https://127.0.0.1/x", "https://10.0.0.1/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://rebind.example/x", "https://meta.example/x"]) {
      expect(await refuseWebhookUrl(url, production), url).toMatch(/private, loopback or link-local/);
    }
    expect(await refuseWebhookUrl("https://hooks.example/x", production)).toBeNull();
  });

  it("refuses registration through the API when insecure URLs are not allowed", async () => {
    const strict = await startServer({ JOBS_MODE: "off" });
    try {
      const owner = await strict.app.deps.services.users.signIn(privateKeyToAccount(generatePrivateKey()).address);
      await strict.app.database.db.execute(`update users set role = 'seller' where id = '${owner.user.id}'`);
      const who: Caller = { id: owner.user.id, role: "seller" };
      for (const url of ["https://127.0.0.1/x", "https://10.0.0.1/x", "https://169.254.169.254/x", "https://localhost/x", "http://example.com/x"]) {
        await expect(strict.app.deps.webhooks!.create(who, { url, events: ["order.paid"] }), url).rejects.toMatchObject({ code: "WEBHOOK.URL_REFUSED" });
      }
    } finally {
      await strict.stop();
    }
  });

  it("refuses at delivery when the name resolves to a private address by then (DNS rebinding)", async () => {
    const r = await receiver();
    receivers.push(r);
    const { postWebhook } = await import("../src/events/deliver");
    const outcome = await postWebhook(r.url.replace("127.0.0.1", "rebind.example").replace("http:", "https:"), "{}", {}, {
      allowInsecure: false,
      resolve: async () => ["127.0.0.1"],
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/Refused to connect to a private, loopback or link-local address/);
    expect(r.got).toHaveLength(0);
  });
});
