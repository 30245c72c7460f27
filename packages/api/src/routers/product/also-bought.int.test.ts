import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createServices } from "@caribex/application";
import { createCache, type CacheLevel } from "@caribex/cache";
import type { Product, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../../context";
import { createCaller } from "../../root";
import { createCommerceKit, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let sellerA: User;
let sellerB: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  [sellerA, sellerB] = await Promise.all([kit.newUser("seller"), kit.newUser("seller")]);
});
afterAll(() => kit?.close());

/** A funded shopper who checks out the given products in one checkout (one order per seller). */
async function buyTogether(...products: Product[]) {
  const buyer = await kit.newUser();
  await kit.fund(buyer.id, "JMD", 1_000_000n);
  for (const p of products) await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });
  const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
  return { buyer, orders };
}

const titles = (items: Product[]) => items.map((p) => p.title);

describe("product.alsoBought", () => {
  it("ranks products bought in the same checkouts, ignores cancelled and refunded orders, hides archived ones, and stays fresh", async () => {
    const [main, often, once, cancelledOnly, archivedLater] = await Promise.all(
      ["Blue Mountain coffee", "Coffee mug", "Hot sauce", "Jerk seasoning", "Rum cake"].map((title) => kit.newProduct(sellerA, { title })),
    );
    const otherSeller = await kit.newProduct(sellerB, { title: "Straw hat" });
    const anyone = kit.as(null);
    expect((await anyone.product.alsoBought({ productId: main!.id })).items).toEqual([]);

    await buyTogether(main!, often!, otherSeller);
    await buyTogether(main!, often!);
    await buyTogether(often!, once!); // not with main
    await buyTogether(main!, archivedLater!);
    const { buyer, orders } = await buyTogether(main!, cancelledOnly!);
    await kit.as(buyer).order.cancel({ id: orders[0]!.id });

    // Bought with main twice; once each for the straw hat (another seller, same checkout) and the rum cake.
    const first = (await anyone.product.alsoBought({ productId: main!.id })).items;
    expect(titles(first)[0]).toBe("Coffee mug");
    expect(titles(first).sort()).toEqual(["Coffee mug", "Rum cake", "Straw hat"]);
    expect(titles((await anyone.product.alsoBought({ productId: main!.id, limit: 1 })).items)).toEqual(["Coffee mug"]);
    // The other direction, and a product nobody bought.
    expect(titles((await anyone.product.alsoBought({ productId: once!.id })).items)).toEqual(["Coffee mug"]);
    expect((await anyone.product.alsoBought({ productId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" })).items).toEqual([]);

    // Archiving shows at once, though the list was cached.
    await kit.as(sellerA).seller.product.archive({ id: archivedLater!.id });
    expect(titles((await anyone.product.alsoBought({ productId: main!.id })).items).sort()).toEqual(["Coffee mug", "Straw hat"]);

    // A new checkout evicts the cached lists; cancelling it takes it out again.
    const later = await buyTogether(main!, once!);
    expect(titles((await anyone.product.alsoBought({ productId: main!.id })).items)).toContain("Hot sauce");
    await kit.as(sellerA).order.cancel({ id: later.orders[0]!.id });
    expect(titles((await anyone.product.alsoBought({ productId: main!.id })).items)).not.toContain("Hot sauce");

    // A refunded dispute does not count either.
    const disputed = await buyTogether(main!, cancelledOnly!);
    expect(titles((await anyone.product.alsoBought({ productId: main!.id })).items)).toContain("Jerk seasoning");
    const order = disputed.orders[0]!;
    await kit.as(sellerA).seller.order.ship({ id: order.id });
    await kit.as(disputed.buyer).order.openDispute({ id: order.id, reason: "Arrived broken" });
    await kit.as(kit.admin).admin.order.resolveDispute({ id: order.id, outcome: "refund", note: "Refunded" });
    expect(titles((await anyone.product.alsoBought({ productId: main!.id })).items)).not.toContain("Jerk seasoning");
  });

  it("is cached in the shared L2: a second instance reads it from Redis, and a checkout on the first evicts it for both", async () => {
    const [main, partner, newcomer] = await Promise.all(["Ackee", "Saltfish", "Callaloo"].map((title) => kit.newProduct(sellerA, { title })));
    await buyTogether(main!, partner!);

    const namespace = `test-${randomBytes(6).toString("hex")}`;
    const redis = new Redis({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: 1 });
    const hits: Record<string, CacheLevel[]> = { a: [], b: [] };
    // L1 off on both, so every read that does not reach the database is an L2 hit.
    const instance = (name: "a" | "b") => {
      const cache = createCache({
        namespace,
        l1: { enabled: false, maxBytes: 0, ttlMs: 0 },
        l2: { enabled: true, redis, ttlSeconds: 300 },
        metrics: { hit: (level) => void hits[name]!.push(level), miss: () => {} },
      });
      const services = createServices({ uow: kit.db.uow, events: { orderStatusChanged() {}, productsChanged() {}, balancesChanged() {}, categoriesChanged() {} }, cache, clock: { now: () => new Date() } });
      return { cache, caller: createCaller(createInnerContext({ services }, { user: null })), services };
    };
    const a = instance("a");
    const b = instance("b");
    try {
      await Promise.all([a.cache.ready(), b.cache.ready()]);
      expect(titles((await a.caller.product.alsoBought({ productId: main!.id })).items)).toEqual(["Saltfish"]);
      hits.b = [];
      expect(titles((await b.caller.product.alsoBought({ productId: main!.id })).items)).toEqual(["Saltfish"]);
      expect(hits.b).toContain("l2");

      // A checkout through instance a.
      const buyer = await kit.newUser();
      await kit.fund(buyer.id, "JMD", 100_000n);
      const shopper = createCaller(createInnerContext({ services: a.services }, { user: { id: buyer.id, role: "customer" } }));
      await shopper.cart.setItem({ productId: main!.id, quantity: 1 });
      await shopper.cart.setItem({ productId: newcomer!.id, quantity: 1 });
      await shopper.checkout.place({ idempotencyKey: key() });
      expect(titles((await b.caller.product.alsoBought({ productId: main!.id })).items).sort()).toEqual(["Callaloo", "Saltfish"]);
    } finally {
      await a.cache.close();
      await b.cache.close();
      redis.disconnect();
    }
  });
});
