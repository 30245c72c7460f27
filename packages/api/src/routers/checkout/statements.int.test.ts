import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, key, type CommerceKit } from "../commerce-test-kit";

// What one order costs the database, counted statement by statement (transaction control not included):
// round trips, not the database, are what a checkout spends its time on.
let kit: CommerceKit;
let statements: string[] = [];

beforeAll(async () => {
  kit = await createCommerceKit({ onQuery: (e) => statements.push(e.sql) });
});
afterAll(() => kit?.close());

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  statements = [];
  const result = await fn();
  return { result, sql: statements.filter((s) => !/^\s*(begin|commit|rollback)\b/i.test(s)) };
}

describe("statements per order", () => {
  it("a cart change costs 3 statements and a two-seller checkout 4, whatever the number of lines", async () => {
    const [s1, s2] = await Promise.all([kit.newUser("seller"), kit.newUser("seller")]);
    const buyer: User = await kit.newUser();
    await kit.fund(buyer.id, "JMD", 1_000_000n);
    const products = await Promise.all([s1, s1, s2].map((s) => kit.newProduct(s, { quantity: 10 })));
    for (const p of products.slice(0, 2)) await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });

    const change = await counted(() => kit.as(buyer).cart.setItem({ productId: products[2]!.id, quantity: 2 }));
    expect(change.result.items).toHaveLength(3);
    expect(change.sql, change.sql.join("\n---\n")).toHaveLength(3);

    const checkout = await counted(() => kit.as(buyer).checkout.place({ idempotencyKey: key() }));
    expect(checkout.result.orders).toHaveLength(2);
    expect(checkout.sql, checkout.sql.join("\n---\n")).toHaveLength(4);

    // The checkout opened the buyer's next cart, so the first change after it has nothing to create.
    const next = await counted(() => kit.as(buyer).cart.setItem({ productId: products[0]!.id, quantity: 1 }));
    expect(next.result.items).toHaveLength(1);
    expect(next.sql, next.sql.join("\n---\n")).toHaveLength(3);
  });

  it("a cart with a promotion code costs the same: 3 statements per change and 4 for the checkout (at most 12 per order)", async () => {
    const seller = await kit.newUser("seller");
    const buyer: User = await kit.newUser();
    await kit.fund(buyer.id, "JMD", 1_000_000n);
    const [a, b] = await Promise.all([kit.newProduct(seller, { quantity: 10 }), kit.newProduct(seller, { quantity: 10 })]);
    await kit.as(seller).seller.promotion.create({ code: "COUNTED", kind: "percent", percent: 15, usageLimit: 5, perBuyerLimit: 1 });
    await kit.as(buyer).cart.setItem({ productId: a.id, quantity: 2 });

    const change = await counted(() => kit.as(buyer).cart.setItem({ productId: b.id, quantity: 1 }));
    expect(change.sql, change.sql.join("\n---\n")).toHaveLength(3);
    const checkout = await counted(() => kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["counted"] }));
    expect(checkout.result.orders[0]!.discount).toBeGreaterThan(0n);
    expect(checkout.sql, checkout.sql.join("\n---\n")).toHaveLength(4);
    expect(change.sql.length + checkout.sql.length).toBeLessThanOrEqual(12);
  });
});
