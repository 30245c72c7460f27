import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let sellerA: User;
let sellerB: User;

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 25 });
  [sellerA, sellerB] = await Promise.all([kit.newUser("seller"), kit.newUser("seller")]);
});
afterAll(() => kit?.close());

/** A seller's escrow: the sum of their escrow accounts (one per paid order). */
async function escrow(sellerId: string, currency = "JMD"): Promise<bigint> {
  const [row] = await kit.query<{ balance: string }>(
    `select coalesce(sum(balance), 0)::text as balance from wallets where kind = 'escrow' and user_id = '${sellerId}' and currency = '${currency}'`,
  );
  return BigInt(row?.balance ?? "0");
}

async function stock(id: string): Promise<number> {
  return (await kit.as(kit.admin).product.byId({ id })).quantity;
}

async function fundedBuyer(jmd = 1_000_000n, usd = 0n): Promise<User> {
  const buyer = await kit.newUser();
  if (jmd) await kit.fund(buyer.id, "JMD", jmd);
  if (usd) await kit.fund(buyer.id, "USD", usd);
  return buyer;
}

describe("checkout.place", () => {
  it("creates one paid order per seller and currency, debits the buyer and holds the money in escrow", async () => {
    const a1 = await kit.newProduct(sellerA, { price: 1000n, currency: "JMD", quantity: 5 });
    const a2 = await kit.newProduct(sellerA, { price: 250n, currency: "USD", quantity: 5 });
    const b1 = await kit.newProduct(sellerB, { price: 300n, currency: "JMD", quantity: 5 });
    const buyer = await fundedBuyer(10_000n, 1_000n);
    const c = kit.as(buyer);
    await c.cart.setItem({ productId: a1.id, quantity: 2 });
    await c.cart.setItem({ productId: a2.id, quantity: 1 });
    await c.cart.setItem({ productId: b1.id, quantity: 3 });
    const escrowBefore = await escrow(sellerA.id);

    const { orders } = await c.checkout.place({ idempotencyKey: key() });

    expect(orders).toHaveLength(3);
    expect(orders.every((o) => o.status === "paid" && o.buyerId === buyer.id)).toBe(true);
    const bySellerCurrency = Object.fromEntries(orders.map((o) => [`${o.sellerId === sellerA.id ? "A" : "B"}:${o.currency}`, o.total]));
    expect(bySellerCurrency).toEqual({ "A:JMD": 2000n, "A:USD": 250n, "B:JMD": 900n });
    expect(await kit.balance(buyer.id, "JMD")).toBe(10_000n - 2900n);
    expect(await kit.balance(buyer.id, "USD")).toBe(750n);
    expect((await escrow(sellerA.id)) - escrowBefore).toBe(2000n);
    expect([await stock(a1.id), await stock(a2.id), await stock(b1.id)]).toEqual([3, 4, 2]);
    expect((await c.cart.get()).items).toEqual([]);
    expect(kit.log.orderStatus.filter((e) => orders.some((o) => o.id === e.orderId)).map((e) => e.status)).toEqual(["paid", "paid", "paid"]);

    const holds = await kit.query<{ n: number }>(
      `select count(*)::int as n from transactions where kind = 'escrow_hold' and order_id in (${orders.map((o) => `'${o.id}'`).join(",")})`,
    );
    expect(holds[0]!.n).toBe(3);
  });

  it("takes prices from the database at checkout time", async () => {
    const p = await kit.newProduct(sellerA, { price: 100n });
    const buyer = await fundedBuyer();
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });
    await kit.as(sellerA).seller.product.update({ id: p.id, price: 120n });
    const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
    expect(orders[0]!.items[0]).toMatchObject({ unitPrice: 120n, quantity: 1 });
  });

  it("fails on an empty cart", async () => {
    const buyer = await fundedBuyer();
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key() }))).toBe("CART.EMPTY");
  });

  it("fails on an archived product and leaves nothing behind", async () => {
    const ok = await kit.newProduct(sellerA, { quantity: 3 });
    const gone = await kit.newProduct(sellerB, { quantity: 3 });
    const buyer = await fundedBuyer(50_000n);
    await kit.as(buyer).cart.setItem({ productId: ok.id, quantity: 1 });
    await kit.as(buyer).cart.setItem({ productId: gone.id, quantity: 1 });
    await kit.as(sellerB).seller.product.archive({ id: gone.id });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key() }))).toBe("PRODUCT.INACTIVE");
    expect(await stock(ok.id)).toBe(3);
    expect(await kit.balance(buyer.id, "JMD")).toBe(50_000n);
    expect((await kit.as(buyer).order.list()).total).toBe(0);
  });

  it("fails when stock ran out after adding, and leaves nothing behind", async () => {
    const p = await kit.newProduct(sellerA, { quantity: 2 });
    const other = await kit.newProduct(sellerB, { quantity: 2 });
    const buyer = await fundedBuyer(50_000n);
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 2 });
    await kit.as(buyer).cart.setItem({ productId: other.id, quantity: 1 });
    await kit.as(sellerA).seller.product.update({ id: p.id, quantity: 1 });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key() }))).toBe("INVENTORY.OUT_OF_STOCK");
    expect([await stock(p.id), await stock(other.id)]).toEqual([1, 2]);
    expect(await kit.balance(buyer.id, "JMD")).toBe(50_000n);
    expect((await kit.as(buyer).cart.get()).items).toHaveLength(2);
  });

  it("fails on insufficient funds and rolls back stock and orders", async () => {
    const p = await kit.newProduct(sellerA, { price: 5000n, quantity: 4 });
    const buyer = await fundedBuyer(4999n);
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key() }))).toBe("WALLET.INSUFFICIENT_FUNDS");
    expect(await stock(p.id)).toBe(4);
    expect(await kit.balance(buyer.id, "JMD")).toBe(4999n);
    expect((await kit.as(buyer).order.list()).total).toBe(0);
    expect((await kit.as(buyer).cart.get()).items).toHaveLength(1);
  });

  it("refuses anonymous callers and malformed keys", async () => {
    expect(await errorCode(kit.as(null).checkout.place({ idempotencyKey: key() }))).toBe("AUTH.UNAUTHENTICATED");
    const buyer = await fundedBuyer();
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: "short" }))).toBe("BAD_REQUEST");
  });
});

describe("checkout idempotency", () => {
  it("10 concurrent calls with one key: one set of orders, one debit, same ids everywhere", async () => {
    const p1 = await kit.newProduct(sellerA, { price: 700n, quantity: 50 });
    const p2 = await kit.newProduct(sellerB, { price: 300n, quantity: 50 });
    const buyer = await fundedBuyer(100_000n);
    await kit.as(buyer).cart.setItem({ productId: p1.id, quantity: 2 });
    await kit.as(buyer).cart.setItem({ productId: p2.id, quantity: 1 });
    const k = key();

    const results = await Promise.all(Array.from({ length: 10 }, () => kit.as(buyer).checkout.place({ idempotencyKey: k })));

    const ids = results.map((r) => r.orders.map((o) => o.id).join(","));
    expect(new Set(ids).size).toBe(1);
    expect(results[0]!.orders).toHaveLength(2);
    expect(await kit.balance(buyer.id, "JMD")).toBe(100_000n - 1700n);
    expect([await stock(p1.id), await stock(p2.id)]).toEqual([48, 49]);
    expect((await kit.as(buyer).order.list()).total).toBe(2);

    // Replays with the now empty cart still answer with the same orders.
    const replay = await kit.as(buyer).checkout.place({ idempotencyKey: k });
    expect(replay.orders.map((o) => o.id).join(",")).toBe(ids[0]);

    // The same key with a different cart is a conflict, and moves nothing.
    await kit.as(buyer).cart.setItem({ productId: p1.id, quantity: 1 });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: k }))).toBe("IDEMPOTENCY.KEY_REUSED");
    expect(await kit.balance(buyer.id, "JMD")).toBe(100_000n - 1700n);
  });
});

describe("flash sale", () => {
  it("200 concurrent buyers, 20 in stock: exactly 20 succeed and the money adds up", async () => {
    const seller = await kit.newUser("seller");
    const item = await kit.newProduct(seller, { price: 1500n, quantity: 20 });
    const FUNDS = 10_000n;
    const buyers: User[] = [];
    for (let i = 0; i < 200; i += 25) {
      buyers.push(
        ...(await Promise.all(
          Array.from({ length: 25 }, async () => {
            const b = await fundedBuyer(FUNDS);
            await kit.as(b).cart.setItem({ productId: item.id, quantity: 1 });
            return b;
          }),
        )),
      );
    }

    const outcomes = await Promise.allSettled(buyers.map((b) => kit.as(b).checkout.place({ idempotencyKey: key() })));

    const winners = buyers.filter((_, i) => outcomes[i]!.status === "fulfilled");
    const losers = buyers.filter((_, i) => outcomes[i]!.status === "rejected");
    expect(winners).toHaveLength(20);
    for (const o of outcomes) {
      if (o.status === "rejected") expect(await errorCode(Promise.reject(o.reason))).toBe("INVENTORY.OUT_OF_STOCK");
    }
    expect(await stock(item.id)).toBe(0);

    const [sold] = await kit.query<{ qty: number; total: string }>(
      `select coalesce(sum(i.quantity), 0)::int as qty, coalesce(sum(i.quantity * i.unit_price), 0)::text as total
         from order_items i where i.product_id = '${item.id}'`,
    );
    expect(sold!.qty).toBe(20);
    const orderTotal = outcomes.reduce((sum, o) => sum + (o.status === "fulfilled" ? o.value.orders[0]!.total : 0n), 0n);
    expect(BigInt(sold!.total)).toBe(orderTotal);

    const balances = await Promise.all(buyers.map((b) => kit.balance(b.id, "JMD")));
    const debit = balances.reduce((sum, b) => sum + (FUNDS - b), 0n);
    expect(debit).toBe(orderTotal);
    expect(await escrow(seller.id)).toBe(orderTotal);

    for (const loser of losers.slice(0, 180)) {
      expect(await kit.balance(loser.id, "JMD")).toBe(FUNDS);
    }
    const loserCarts = await Promise.all(losers.map((l) => kit.as(l).cart.get()));
    expect(loserCarts.every((c) => c.items.length === 1 && c.items[0]!.quantity === 1)).toBe(true);
  });
});

describe("double spend", () => {
  it("a buyer with funds for one order racing 20 checkouts and 20 sends never overdraws", async () => {
    const p = await kit.newProduct(sellerA, { price: 1000n, quantity: 100 });
    const buyer = await fundedBuyer(1000n);
    const friend = await kit.newUser();
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });

    const calls = [
      ...Array.from({ length: 20 }, () => kit.as(buyer).checkout.place({ idempotencyKey: key() })),
      ...Array.from({ length: 20 }, () =>
        kit.as(buyer).wallet.send({ to: friend.walletAddress, currency: "JMD", amount: 600n, idempotencyKey: key() }),
      ),
    ];
    const outcomes = await Promise.allSettled(calls);
    const checkouts = outcomes.slice(0, 20).filter((o) => o.status === "fulfilled");
    const sends = outcomes.slice(20).filter((o) => o.status === "fulfilled");

    const spent = checkouts.length * 1000 + sends.length * 600;
    expect(spent).toBeLessThanOrEqual(1000);
    expect(checkouts.length + sends.length).toBeGreaterThanOrEqual(1);
    expect(checkouts.length).toBeLessThanOrEqual(1);
    expect(await kit.balance(buyer.id, "JMD")).toBe(1000n - BigInt(spent));
    expect(await kit.balance(friend.id, "JMD")).toBe(BigInt(sends.length * 600));

    for (const o of outcomes) {
      if (o.status === "rejected") {
        expect(["WALLET.INSUFFICIENT_FUNDS", "CART.EMPTY"]).toContain(await errorCode(Promise.reject(o.reason)));
      }
    }
    // Every success has its ledger rows, and the buyer's ledger explains its balance exactly.
    const [ledger] = await kit.query<{ holds: number; transfers: number; outflow: string }>(
      `select count(*) filter (where t.kind = 'escrow_hold')::int as holds,
              count(*) filter (where t.kind = 'transfer')::int as transfers,
              coalesce(sum(t.amount) filter (where t.kind <> 'credit'), 0)::text as outflow
         from transactions t join wallets w on w.id = t.from_wallet_id
        where w.kind = 'user' and w.user_id = '${buyer.id}'`,
    );
    expect(ledger).toEqual({ holds: checkouts.length, transfers: sends.length, outflow: String(spent) });
    const [negative] = await kit.query<{ n: number }>(`select count(*)::int as n from wallets where kind not in ('system', 'chain') and balance < 0`);
    expect(negative!.n).toBe(0);
    const sums = await kit.query<{ currency: string; total: string }>(`select currency, sum(balance)::text as total from wallets group by currency`);
    expect(sums.every((s) => s.total === "0")).toBe(true);
  });
});
