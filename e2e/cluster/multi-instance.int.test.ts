/**
 * Three server processes, one PostgreSQL, one Redis: a round-robin client must not be able to tell them apart.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { DEMO_KEYS } from "@caribex/db";
import { startCluster, type Cluster } from "./cluster";
import { checkInvariants } from "./invariants";
import { client, fixed, roundRobin, signIn, type RoundRobin, type Session } from "./session";

const REDIS_URL = "redis://127.0.0.1:6379/11";

let db: TestDatabase;
let cluster: Cluster;
let rr: RoundRobin;
let admin: Session;
let seller: Session;

async function fundedBuyers(n: number, amount: bigint, currency: "JMD" | "USD" = "JMD"): Promise<(Session & { userId: string })[]> {
  const buyers = await Promise.all(Array.from({ length: n }, () => signIn(rr)));
  return Promise.all(
    buyers.map(async (b) => {
      const me = await b.api.auth.me.query();
      await admin.api.admin.wallet.credit.mutate({ userId: me!.id, currency, amount, idempotencyKey: randomUUID(), memo: "test funds" });
      return { ...b, userId: me!.id };
    }),
  );
}

async function newProduct(quantity: number, price: bigint, currency: "JMD" | "USD" | "USDC" = "JMD") {
  return seller.api.seller.product.create.mutate({
    title: `Cluster item ${randomUUID().slice(0, 8)}`,
    description: "Made for the multi-instance test",
    price,
    currency,
    quantity,
    images: [],
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  cluster = await startCluster({ count: 3, databaseUrl: db.url, redisUrl: REDIS_URL });
  rr = roundRobin(() => cluster.urls());
  admin = await signIn(rr, DEMO_KEYS[0]!.privateKey);
  seller = await signIn(rr, DEMO_KEYS[1]!.privateKey);
});

afterAll(async () => {
  await cluster?.stop();
  await db?.drop();
});

describe("several instances behave as one", () => {
  it("runs the shopper journey with every call on the next instance", async () => {
    const [buyer] = await fundedBuyers(1, 1_000_000n);
    const product = await newProduct(5, 12_500n);
    const sellerBefore = await seller.api.wallet.balances.query();

    const listed = await buyer!.api.product.list.query({ search: product.title.split(" ")[2], pageSize: 10 });
    expect(listed.items.map((p) => p.id)).toContain(product.id);
    await buyer!.api.cart.setItem.mutate({ productId: product.id, quantity: 2 });
    const cart = await buyer!.api.cart.get.query();
    expect(cart.totals).toEqual([{ currency: "JMD", amount: 25_000n }]);

    const { orders } = await buyer!.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
    expect(orders).toHaveLength(1);
    const orderId = orders[0]!.id;
    expect((await buyer!.api.order.byId.query({ id: orderId })).status).toBe("paid");
    expect((await seller.api.seller.order.ship.mutate({ id: orderId })).status).toBe("shipped");
    expect((await buyer!.api.order.byId.query({ id: orderId })).status).toBe("shipped");
    expect((await buyer!.api.order.confirmDelivery.mutate({ id: orderId })).status).toBe("completed");

    const balance = (list: { currency: string; balance: bigint }[]) => list.find((b) => b.currency === "JMD")!.balance;
    expect(balance(await buyer!.api.wallet.balances.query())).toBe(1_000_000n - 25_000n);
    expect(balance(await seller.api.wallet.balances.query())).toBe(balance(sellerBefore) + 25_000n);
  });

  it("never serves a stale read on another instance after a write", async () => {
    const urls = cluster.urls();
    // One client per instance for each person: the same cookies work everywhere.
    const pinned = (s: Session) => urls.map((u) => client(fixed(u), s.jar));
    const sellerOn = pinned(seller);
    const anonymousOn = urls.map((u) => client(fixed(u)));
    const fresh = await newProduct(50, 1_000n);
    const [buyer] = await fundedBuyers(1, 10_000_000n);

    for (let round = 0; round < 6; round++) {
      const writer = round % urls.length;
      // Warm every instance's caches first, so a missed eviction would show.
      await Promise.all(anonymousOn.map((c) => c.product.byId.query({ id: fresh.id })));
      await Promise.all(anonymousOn.map((c) => c.product.list.query({ sellerId: fresh.sellerId, pageSize: 100 })));
      const price = 1_000n + BigInt(round + 1);
      await sellerOn[writer]!.seller.product.update.mutate({ id: fresh.id, price });
      for (const c of anonymousOn) {
        expect((await c.product.byId.query({ id: fresh.id })).price).toBe(price);
        const page = await c.product.list.query({ sellerId: fresh.sellerId, pageSize: 100 });
        expect(page.items.find((p) => p.id === fresh.id)?.price).toBe(price);
      }
    }

    // Stock changed by a checkout on one instance is visible on all the others at once.
    const before = (await anonymousOn[1]!.product.byId.query({ id: fresh.id })).quantity;
    await buyer!.api.cart.setItem.mutate({ productId: fresh.id, quantity: 3 });
    await buyer!.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
    for (const c of anonymousOn) expect((await c.product.byId.query({ id: fresh.id })).quantity).toBe(before - 3);

    // Balances after a transfer, read on every instance.
    const buyerOn = pinned(buyer!);
    await Promise.all(buyerOn.map((c) => c.wallet.balances.query()));
    await buyer!.api.wallet.send.mutate({ to: seller.address, currency: "JMD", amount: 777n, idempotencyKey: randomUUID() });
    const expected = (await buyerOn[0]!.wallet.balances.query()).find((b) => b.currency === "JMD")!.balance;
    for (const c of buyerOn) expect((await c.wallet.balances.query()).find((b) => b.currency === "JMD")!.balance).toBe(expected);

    // Archive on one instance: gone from every instance's public list, and byId is NOT_FOUND for the public.
    await sellerOn[2]!.seller.product.archive.mutate({ id: fresh.id });
    for (const c of anonymousOn) {
      const page = await c.product.list.query({ sellerId: fresh.sellerId, pageSize: 100 });
      expect(page.items.some((p) => p.id === fresh.id)).toBe(false);
      await expect(c.product.byId.query({ id: fresh.id })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
    }
  });

  it("pushes order status over SSE from whichever instance made the change", async () => {
    const [buyer] = await fundedBuyers(1, 100_000n);
    const product = await newProduct(3, 2_000n);
    await buyer!.api.cart.setItem.mutate({ productId: product.id, quantity: 1 });
    const { orders } = await buyer!.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
    const orderId = orders[0]!.id;

    // The buyer listens on instance 0; the seller ships through instance 2. Redis carries the event across.
    const [listenOn, shipOn] = [cluster.urls()[0]!, cluster.urls()[2]!];
    const abort = new AbortController();
    const res = await fetch(`${listenOn}/trpc/order.onStatus`, {
      headers: { accept: "text/event-stream", cookie: [...buyer!.jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (found: (t: string) => boolean) => {
      while (!found(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before the expected event: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    // The server sends "connected" and goes straight on to listen, before it handles any other I/O: a change
    // made after this can no longer be missed.
    await readUntil((t) => t.includes("event: connected"));
    await client(fixed(shipOn), seller.jar).seller.order.ship.mutate({ id: orderId });
    await readUntil((t) => t.includes(orderId) && t.includes("shipped"));
    abort.abort();
    expect(text).toContain(orderId);
    expect(text).toContain("shipped");
  });

  it("sells a flash-sale product exactly once per unit across instances", async () => {
    const stock = 15;
    const product = await newProduct(stock, 5_000n);
    const buyers = await fundedBuyers(60, 100_000n);
    await Promise.all(buyers.map((b) => b.api.cart.setItem.mutate({ productId: product.id, quantity: 1 })));
    const results = await Promise.allSettled(buyers.map((b) => b.api.checkout.place.mutate({ idempotencyKey: randomUUID() })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(stock);
    for (const r of lost) expect(r.reason).toMatchObject({ data: { domainCode: "INVENTORY.OUT_OF_STOCK" } });

    const sql = postgres(db.url, { max: 1 });
    try {
      const [row] = await sql`select quantity from products where id = ${product.id}`;
      expect(row!.quantity).toBe(0);
      const [sold] = await sql`select coalesce(sum(quantity), 0)::int as n from order_items where product_id = ${product.id}`;
      expect(sold!.n).toBe(stock);
    } finally {
      await sql.end();
    }
    expect(await checkInvariants(db.url)).toEqual([]);
  });

  it("conserves money over concurrent transfers spread across instances (bank test)", async () => {
    const wallets = await fundedBuyers(20, 50_000n, "USD");
    const sends = Array.from({ length: 600 }, (_, i) => {
      const from = wallets[i % wallets.length]!;
      const to = wallets[(i * 7 + 3) % wallets.length]!;
      return { from, to, amount: BigInt(1 + ((i * 37) % 9_000)) };
    }).filter((s) => s.from !== s.to);
    const results = await Promise.allSettled(
      sends.map((s) => s.from.api.wallet.send.mutate({ to: s.to.address, currency: "USD", amount: s.amount, idempotencyKey: randomUUID() })),
    );
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ data: { domainCode: "WALLET.INSUFFICIENT_FUNDS" } });
    }
    const total = (await Promise.all(wallets.map((w) => w.api.wallet.balances.query())))
      .map((list) => list.find((b) => b.currency === "USD")!.balance)
      .reduce((a, b) => a + b, 0n);
    expect(total).toBe(20n * 50_000n);
    expect(await checkInvariants(db.url)).toEqual([]);
  });
});

