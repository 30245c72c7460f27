import { describe, expect, it } from "vitest";
import { memoryApp, refusal } from "../testing/memory";
import { placeOrder } from "./place-order";

function shop() {
  const app = memoryApp();
  const buyer = app.user();
  const [s1, s2] = [app.user("seller"), app.user("seller")];
  const jmd = app.product(s1, { price: 1_500n, quantity: 5 });
  const usd = app.product(s1, { price: 250n, currency: "USD", quantity: 5 });
  const other = app.product(s2, { price: 700n, quantity: 1 });
  return { app, buyer, s1, s2, jmd, usd, other };
}

describe("placing an order", () => {
  it("pays one order per seller and currency from the buyer's wallet into each order's escrow", async () => {
    const { app, buyer, s1, s2, jmd, usd, other } = shop();
    await app.fund(buyer, "JMD", 10_000n);
    await app.fund(buyer, "USD", 1_000n);
    app.fillCart(buyer, [
      { productId: other.id, quantity: 1 },
      { productId: jmd.id, quantity: 2 },
      { productId: usd.id, quantity: 3 },
    ]);

    const { orders } = await placeOrder(app.ctx, buyer, { idempotencyKey: "k1" });

    expect(orders.map((o) => [o.sellerId, o.currency, o.total, o.status])).toEqual(
      [
        [s1.id, "JMD", 3_000n, "paid"],
        [s1.id, "USD", 750n, "paid"],
        [s2.id, "JMD", 700n, "paid"],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)),
    );
    // What the caller is told is what was stored.
    for (const o of orders) {
      expect(app.state.orders.get(o.id)).toMatchObject({ status: "paid", total: o.total });
      expect(app.escrowOf(o.id)).toBe(o.total);
    }
    expect(app.balance(buyer.id, "JMD")).toBe(10_000n - 3_700n);
    expect(app.balance(buyer.id, "USD")).toBe(250n);
    expect([app.state.products.get(jmd.id)!.quantity, app.state.products.get(usd.id)!.quantity, app.state.products.get(other.id)!.quantity]).toEqual([3, 2, 0]);
    expect([...app.state.carts.values()].find((c) => c.userId === buyer.id && c.status === "open")?.items ?? []).toEqual([]);
    expect(app.events.orderStatus.map((e) => e.status)).toEqual(["paid", "paid", "paid"]);
    expect(app.events.balances).toEqual([[buyer.id]]);
    expect([app.ledgerSum("JMD"), app.ledgerSum("USD")]).toEqual([0n, 0n]);
  });

  it("returns the first orders to a retry with the same key, charging once and telling nobody again", async () => {
    const { app, buyer, jmd } = shop();
    await app.fund(buyer, "JMD", 10_000n);
    app.fillCart(buyer, [{ productId: jmd.id, quantity: 1 }]);
    const first = await placeOrder(app.ctx, buyer, { idempotencyKey: "k1" });
    const again = await placeOrder(app.ctx, buyer, { idempotencyKey: "k1" });
    expect(again).toEqual(first);
    expect(app.balance(buyer.id, "JMD")).toBe(8_500n);
    expect(app.state.orders.size).toBe(1);
    expect(app.events.orderStatus).toHaveLength(1);
  });

  it("refuses the same key for a refilled cart, and takes a new key for it", async () => {
    const { app, buyer, jmd, other } = shop();
    await app.fund(buyer, "JMD", 10_000n);
    app.fillCart(buyer, [{ productId: jmd.id, quantity: 1 }]);
    await placeOrder(app.ctx, buyer, { idempotencyKey: "k1" });
    app.fillCart(buyer, [{ productId: other.id, quantity: 1 }]);
    expect(await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k1" }))).toMatchObject({
      code: "IDEMPOTENCY.KEY_REUSED",
      message: "This idempotency key was already used for a different cart",
    });
    const { orders } = await placeOrder(app.ctx, buyer, { idempotencyKey: "k2" });
    expect(orders.map((o) => o.items.map((i) => i.productId))).toEqual([[other.id]]);
  });

  it("keeps the key free when it refuses, so the same key works once the cart is right", async () => {
    const { app, buyer, jmd } = shop();
    expect((await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k1" }))).code).toBe("CART.EMPTY");
    app.fillCart(buyer, [{ productId: jmd.id, quantity: 1 }]);
    // Not enough money: nothing is written, neither orders nor stock nor the key.
    expect((await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k1" }))).code).toBe("WALLET.INSUFFICIENT_FUNDS");
    expect(app.state.orders.size).toBe(0);
    expect(app.state.products.get(jmd.id)!.quantity).toBe(5);
    await app.fund(buyer, "JMD", 1_500n);
    const { orders } = await placeOrder(app.ctx, buyer, { idempotencyKey: "k1" });
    expect(orders).toHaveLength(1);
    expect(app.balance(buyer.id, "JMD")).toBe(0n);
  });

  it("names the product that is short of stock or no longer for sale", async () => {
    const { app, buyer, jmd, other } = shop();
    await app.fund(buyer, "JMD", 100_000n);
    app.fillCart(buyer, [{ productId: other.id, quantity: 2 }]);
    expect(await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k1" }))).toMatchObject({
      code: "INVENTORY.OUT_OF_STOCK",
      message: `Not enough stock for "${other.title}": only 1 left`,
      details: { productId: other.id, available: 1, requested: 2 },
    });
    app.fillCart(buyer, [{ productId: jmd.id, quantity: 1 }]);
    app.state.products.set(other.id, { ...other, isActive: false });
    expect(await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k2" }))).toMatchObject({ code: "PRODUCT.INACTIVE", details: { productId: other.id } });
  });

  it("refuses when the totals the shopper reviewed are not what the cart costs now", async () => {
    const { app, buyer, jmd } = shop();
    await app.fund(buyer, "JMD", 100_000n);
    app.fillCart(buyer, [{ productId: jmd.id, quantity: 2 }]);
    const stale = [{ currency: "JMD" as const, amount: 2_000n }];
    expect(await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k1", expectedTotals: stale }))).toMatchObject({
      code: "CHECKOUT.PRICE_CHANGED",
      details: { totals: [{ currency: "JMD", amount: 3_000n }] },
    });
    const { orders } = await placeOrder(app.ctx, buyer, { idempotencyKey: "k1", expectedTotals: [{ currency: "JMD", amount: 3_000n }] });
    expect(orders[0]!.total).toBe(3_000n);
  });

  it("ships to the buyer's chosen address, never to another user's", async () => {
    const { app, buyer, jmd } = shop();
    const stranger = app.user();
    await app.fund(buyer, "JMD", 100_000n);
    app.fillCart(buyer, [{ productId: jmd.id, quantity: 1 }]);
    const fields = { name: "A", line1: "1 Road", line2: null, city: "Kingston", region: null, postalCode: null, country: "JM", phone: null };
    const theirs = await app.uow.run({ kind: "system" }, (r) => r.addresses.create(stranger.id, fields));
    expect((await refusal(placeOrder(app.ctx, buyer, { idempotencyKey: "k1", shippingAddressId: theirs.id }))).code).toBe("ADDRESS.NOT_FOUND");
    const mine = await app.uow.run({ kind: "system" }, (r) => r.addresses.create(buyer.id, { ...fields, city: "Ocho Rios" }));
    const { orders } = await placeOrder(app.ctx, buyer, { idempotencyKey: "k1", shippingAddressId: mine.id });
    expect(orders[0]!.shippingAddress).toMatchObject({ city: "Ocho Rios" });
  });
});
