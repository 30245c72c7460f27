import type { Caller } from "@caribex/application";
import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let otherSeller: User;
let shopper: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, otherSeller, shopper] = await Promise.all([kit.newUser("seller"), kit.newUser("seller"), kit.newUser()]);
});
afterAll(() => kit?.close());

/** One order of `quantity` of the product, paid from the shopper's wallet. */
async function buy(buyer: Caller, productId: string, quantity = 1) {
  const c = kit.as(buyer);
  await c.cart.setItem({ productId, quantity });
  const { orders } = await c.checkout.place({ idempotencyKey: key() });
  return orders[0]!;
}

describe("seller.product.update isActive", () => {
  it("restores an archived product to the catalog and evicts the cached views", async () => {
    const s = kit.as(seller);
    const p = await kit.newProduct(seller, { title: "Restorable bammy" });
    // Warm the shared caches so a missing eviction shows up as a stale read.
    expect((await kit.as(null).product.byId({ id: p.id })).isActive).toBe(true);
    await s.seller.product.archive({ id: p.id });
    expect(await errorCode(kit.as(null).product.byId({ id: p.id }))).toBe("PRODUCT.NOT_FOUND");
    const listedWhileArchived = await kit.as(null).product.list({ sellerId: seller.id, pageSize: 100 });
    expect(listedWhileArchived.items.some((x) => x.id === p.id)).toBe(false);

    const restored = await s.seller.product.update({ id: p.id, isActive: true });
    expect(restored).toMatchObject({ id: p.id, isActive: true, title: "Restorable bammy", price: p.price });
    expect((await kit.as(null).product.byId({ id: p.id })).isActive).toBe(true);
    expect((await kit.as(null).product.list({ sellerId: seller.id, pageSize: 100 })).items.some((x) => x.id === p.id)).toBe(true);

    const again = await s.seller.product.update({ id: p.id, isActive: false, quantity: 4 });
    expect(again).toMatchObject({ isActive: false, quantity: 4 });
    expect(await errorCode(kit.as(null).product.byId({ id: p.id }))).toBe("PRODUCT.NOT_FOUND");
  });

  it("cannot restore another seller's product", async () => {
    const p = await kit.newProduct(seller);
    await kit.as(seller).seller.product.archive({ id: p.id });
    expect(await errorCode(kit.as(otherSeller).seller.product.update({ id: p.id, isActive: true }))).toBe("PRODUCT.NOT_FOUND");
    expect((await kit.as(seller).product.byId({ id: p.id })).isActive).toBe(false);
  });
});

describe("seller.product.list filters", () => {
  it("searches, sorts and filters by status within the caller's own products", async () => {
    const me = await kit.newUser("seller");
    const s = kit.as(me);
    const coffee = await s.seller.product.create({ title: "Blue Mountain coffee", price: 5000n, currency: "JMD", quantity: 2 });
    const cake = await s.seller.product.create({ title: "Rum cake", description: "coffee glaze", price: 9000n, currency: "JMD", quantity: 2 });
    const pepper = await s.seller.product.create({ title: "Scotch bonnet pepper sauce", price: 700n, currency: "JMD", quantity: 2 });
    await s.seller.product.archive({ id: cake.id });
    // Another seller's matching product never shows.
    await kit.as(otherSeller).seller.product.create({ title: "Coffee beans elsewhere", price: 100n, currency: "JMD", quantity: 2 });

    const all = await s.seller.product.list({ sort: "price_asc" });
    expect(all.items.map((p) => p.id)).toEqual([pepper.id, coffee.id, cake.id]);
    expect(all.total).toBe(3);

    const active = await s.seller.product.list({ status: "active", sort: "price_desc" });
    expect(active.items.map((p) => p.id)).toEqual([coffee.id, pepper.id]);
    const archived = await s.seller.product.list({ status: "archived" });
    expect(archived.items.map((p) => p.id)).toEqual([cake.id]);
    expect(archived.total).toBe(1);

    // Prefix search over title and description, archived included unless filtered out.
    const found = await s.seller.product.list({ search: "coff", sort: "title" });
    expect(found.items.map((p) => p.id)).toEqual([coffee.id, cake.id]);
    expect((await s.seller.product.list({ search: "coffee", status: "active" })).items.map((p) => p.id)).toEqual([coffee.id]);
    expect((await s.seller.product.list({ search: "nothing-like-it" })).total).toBe(0);

    const paged = await s.seller.product.list({ sort: "title", pageSize: 1, page: 2 });
    expect(paged).toMatchObject({ page: 2, pageSize: 1, total: 3 });
    expect(paged.items.map((p) => p.id)).toEqual([cake.id]);

    expect(await errorCode(s.seller.product.list({ status: "deleted" as "active" }))).toBe("BAD_REQUEST");
    expect(await errorCode(s.seller.product.list({ sort: "stock" as "title" }))).toBe("BAD_REQUEST");
  });
});

describe("seller.stats", () => {
  it("sums the caller's own orders per day and currency, without cancelled ones or other sellers' orders", async () => {
    const me = await kit.newUser("seller");
    const jmd = await kit.newProduct(me, { price: 1500n, currency: "JMD", quantity: 50 });
    const usd = await kit.newProduct(me, { price: 250n, currency: "USD", quantity: 50 });
    const elsewhere = await kit.newProduct(otherSeller, { price: 99_000n, currency: "JMD", quantity: 50 });
    await Promise.all([kit.fund(shopper.id, "JMD", 10_000_000n), kit.fund(shopper.id, "USD", 10_000_000n)]);

    const empty = await kit.as(me).seller.stats();
    expect(empty.days).toBe(30);
    expect(empty.orders).toHaveLength(30);
    expect(empty.orders.every((d) => d.count === 0)).toBe(true);
    expect(empty.totals).toEqual([]);

    await buy(shopper, jmd.id, 2); // 3000 JMD
    await buy(shopper, jmd.id, 1); // 1500 JMD
    await buy(shopper, usd.id, 3); // 750 USD
    const cancelled = await buy(shopper, jmd.id, 10);
    await kit.as(shopper).order.cancel({ id: cancelled.id });
    await buy(shopper, elsewhere.id, 1);

    const stats = await kit.as(me).seller.stats({ days: 7 });
    expect(stats.days).toBe(7);
    expect(stats.orders).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.orders.at(-1)).toEqual({ day: today, count: 3 });
    expect(stats.orders.slice(0, -1).every((d) => d.count === 0)).toBe(true);
    const todaySales = stats.sales.filter((s) => s.day === today && s.amount > 0n);
    expect(todaySales.map(({ currency, amount, orders }) => ({ currency, amount, orders })).sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: "JMD", amount: 4500n, orders: 2 },
      { currency: "USD", amount: 750n, orders: 1 },
    ]);
    expect(stats.totals.sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: "JMD", amount: 4500n, orders: 2 },
      { currency: "USD", amount: 750n, orders: 1 },
    ]);

    const theirs = await kit.as(otherSeller).seller.stats({ days: 1 });
    expect(theirs.totals.find((t) => t.currency === "JMD")?.amount).toBe(99_000n);
    expect(theirs.totals.find((t) => t.currency === "USD")).toBeUndefined();
  });

  it("is for sellers only and bounds the window", async () => {
    expect(await errorCode(kit.as(null).seller.stats())).toBe("AUTH.UNAUTHENTICATED");
    expect(await errorCode(kit.as(shopper).seller.stats())).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(kit.admin).seller.stats())).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(seller).seller.stats({ days: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCode(kit.as(seller).seller.stats({ days: 366 }))).toBe("BAD_REQUEST");
    expect((await kit.as(seller).seller.stats({ days: 365 })).orders).toHaveLength(365);
  });
});

describe("seller.held", () => {
  it("sums the caller's paid and shipped orders as in escrow and disputed ones as in dispute, per currency", async () => {
    const me = await kit.newUser("seller");
    const jmd = await kit.newProduct(me, { price: 1500n, currency: "JMD", quantity: 50 });
    const usd = await kit.newProduct(me, { price: 250n, currency: "USD", quantity: 50 });
    const elsewhere = await kit.newProduct(otherSeller, { price: 99_000n, currency: "JMD", quantity: 50 });
    await Promise.all([kit.fund(shopper.id, "JMD", 10_000_000n), kit.fund(shopper.id, "USD", 10_000_000n)]);
    expect(await kit.as(me).seller.held()).toEqual([]);

    await buy(shopper, jmd.id, 2); // 3000 JMD, paid
    const shipped = await buy(shopper, jmd.id, 1); // 1500 JMD, shipped
    await kit.as(me).seller.order.ship({ id: shipped.id, carrier: "Knutsford Express" });
    const disputed = await buy(shopper, usd.id, 3); // 750 USD, disputed
    await kit.as(me).seller.order.ship({ id: disputed.id, carrier: "Knutsford Express" });
    await kit.as(shopper).order.openDispute({ id: disputed.id, reason: "The parcel arrived torn open." });
    const completed = await buy(shopper, jmd.id, 4); // released: no longer held
    await kit.as(me).seller.order.ship({ id: completed.id, carrier: "Knutsford Express" });
    await kit.as(shopper).order.confirmDelivery({ id: completed.id });
    const cancelled = await buy(shopper, jmd.id, 10);
    await kit.as(shopper).order.cancel({ id: cancelled.id });
    await buy(shopper, elsewhere.id, 1);

    expect(await kit.as(me).seller.held()).toEqual([
      { currency: "JMD", inEscrow: 4500n, inDispute: 0n, orders: 2 },
      { currency: "USD", inEscrow: 0n, inDispute: 750n, orders: 1 },
    ]);
    expect((await kit.as(otherSeller).seller.held()).find((h) => h.currency === "JMD")?.inEscrow).toBeGreaterThanOrEqual(99_000n);
  });

  it("is for sellers only", async () => {
    expect(await errorCode(kit.as(null).seller.held())).toBe("AUTH.UNAUTHENTICATED");
    expect(await errorCode(kit.as(shopper).seller.held())).toBe("AUTH.FORBIDDEN");
  });
});
