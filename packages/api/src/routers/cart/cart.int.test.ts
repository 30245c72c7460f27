import type { Product, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let shopper: User;
let jmd: Product;
let usd: Product;

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, shopper] = await Promise.all([kit.newUser("seller"), kit.newUser()]);
  jmd = await kit.newProduct(seller, { price: 250n, currency: "JMD", quantity: 5 });
  usd = await kit.newProduct(seller, { price: 1999n, currency: "USD", quantity: 2 });
});
afterAll(() => kit?.close());

describe("cart", () => {
  it("starts empty and is created on demand", async () => {
    const cart = await kit.as(shopper).cart.get();
    expect(cart).toMatchObject({ items: [], totals: [] });
    expect(cart.id).toBeTypeOf("string");
  });

  it("prices lines from the current products with totals per currency", async () => {
    const c = kit.as(shopper);
    await c.cart.setItem({ productId: jmd.id, quantity: 2 });
    const cart = await c.cart.setItem({ productId: usd.id, quantity: 1 });
    expect(cart.items).toHaveLength(2);
    expect(cart.items.find((i) => i.productId === jmd.id)).toMatchObject({ unitPrice: 250n, quantity: 2, lineTotal: 500n, currency: "JMD" });
    expect(cart.totals).toEqual([
      { currency: "JMD", amount: 500n },
      { currency: "USD", amount: 1999n },
    ]);

    await kit.as(seller).seller.product.update({ id: jmd.id, price: 300n });
    expect((await c.cart.get()).totals[0]).toEqual({ currency: "JMD", amount: 600n });

    const replaced = await c.cart.setItem({ productId: jmd.id, quantity: 1 });
    expect(replaced.items.find((i) => i.productId === jmd.id)?.quantity).toBe(1);
  });

  it("removes with quantity 0, removeItem and clear", async () => {
    const c = kit.as(shopper);
    expect((await c.cart.setItem({ productId: jmd.id, quantity: 0 })).items.map((i) => i.productId)).toEqual([usd.id]);
    await c.cart.setItem({ productId: jmd.id, quantity: 1 });
    expect((await c.cart.removeItem({ productId: usd.id })).items.map((i) => i.productId)).toEqual([jmd.id]);
    expect((await c.cart.clear()).items).toEqual([]);
    expect((await c.cart.get()).items).toEqual([]);
  });

  it("bounds quantity by current stock", async () => {
    const c = kit.as(shopper);
    expect(await errorCode(c.cart.setItem({ productId: usd.id, quantity: 3 }))).toBe("CART.QUANTITY_EXCEEDS_STOCK");
    expect(await errorCode(c.cart.setItem({ productId: usd.id, quantity: 1001 }))).toBe("BAD_REQUEST");
    expect(await errorCode(c.cart.setItem({ productId: usd.id, quantity: 1.5 }))).toBe("BAD_REQUEST");
    expect(await errorCode(c.cart.setItem({ productId: usd.id, quantity: -1 }))).toBe("BAD_REQUEST");
  });

  it("refuses unknown and archived products, and anonymous callers", async () => {
    const gone = await kit.newProduct(seller);
    await kit.as(seller).seller.product.archive({ id: gone.id });
    const c = kit.as(shopper);
    expect(await errorCode(c.cart.setItem({ productId: gone.id, quantity: 1 }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(c.cart.setItem({ productId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", quantity: 1 }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(kit.as(null).cart.get())).toBe("AUTH.UNAUTHENTICATED");
  });

  it("holds at most 50 different products", async () => {
    const buyer = await kit.newUser();
    const products = await Promise.all(Array.from({ length: 51 }, () => kit.newProduct(seller, { quantity: 1 })));
    await Promise.all(products.slice(0, 50).map((p) => kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 })));
    expect(await errorCode(kit.as(buyer).cart.setItem({ productId: products[50]!.id, quantity: 1 }))).toBe("VALIDATION.INVALID_INPUT");
    expect((await kit.as(buyer).cart.setItem({ productId: products[0]!.id, quantity: 1 })).items).toHaveLength(50);
  });

  it("keeps carts per user", async () => {
    const other = await kit.newUser();
    await kit.as(other).cart.setItem({ productId: jmd.id, quantity: 1 });
    await kit.as(shopper).cart.clear();
    expect((await kit.as(other).cart.get()).items).toHaveLength(1);
  });
});
