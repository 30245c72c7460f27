import { TRPCError } from "@trpc/server";
import { MAX_ORDER_TOTAL, MAX_STOCK, type User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  seller = await kit.newUser("seller");
});
afterAll(() => kit?.close());

describe("cart lines that cannot be bought", () => {
  it("an archived product stays in cart.get, flagged, out of the totals; checkout names it", async () => {
    const ok = await kit.newProduct(seller, { price: 100n, quantity: 5 });
    const gone = await kit.newProduct(seller, { price: 700n, quantity: 5, title: "Blue Mountain beans" });
    const buyer = await kit.newUser();
    await kit.fund(buyer.id, "JMD", 10_000n);
    const c = kit.as(buyer);
    await c.cart.setItem({ productId: ok.id, quantity: 1 });
    await c.cart.setItem({ productId: gone.id, quantity: 2 });
    await kit.as(seller).seller.product.archive({ id: gone.id });

    const cart = await c.cart.get();
    expect(cart.items).toHaveLength(2);
    expect(cart.items.find((i) => i.productId === ok.id)).toMatchObject({ available: true, reason: null });
    expect(cart.items.find((i) => i.productId === gone.id)).toMatchObject({
      title: "Blue Mountain beans",
      unitPrice: 700n,
      quantity: 2,
      lineTotal: 1400n,
      available: false,
      reason: "archived",
    });
    expect(cart.totals).toEqual([{ currency: "JMD", amount: 100n }]);

    let refused: unknown;
    await c.checkout.place({ idempotencyKey: key() }).catch((e: unknown) => (refused = e));
    expect(refused).toBeInstanceOf(TRPCError);
    expect(await errorCode(Promise.reject(refused))).toBe("PRODUCT.INACTIVE");
    expect(((refused as TRPCError).cause as { details?: unknown }).details).toEqual({ productId: gone.id, title: "Blue Mountain beans" });
    expect((refused as TRPCError).message).toContain("Blue Mountain beans");

    // Removing the flagged line lets checkout through.
    expect((await c.cart.removeItem({ productId: gone.id })).items.map((i) => i.productId)).toEqual([ok.id]);
    expect((await c.checkout.place({ idempotencyKey: key() })).orders).toHaveLength(1);
  });

  it("flags lines whose product sold out or has less stock than the line asks", async () => {
    const soldOut = await kit.newProduct(seller, { quantity: 3 });
    const short = await kit.newProduct(seller, { quantity: 3 });
    const buyer = await kit.newUser();
    await kit.as(buyer).cart.setItem({ productId: soldOut.id, quantity: 1 });
    await kit.as(buyer).cart.setItem({ productId: short.id, quantity: 3 });
    await kit.as(seller).seller.product.update({ id: soldOut.id, quantity: 0 });
    await kit.as(seller).seller.product.update({ id: short.id, quantity: 2 });
    const { items } = await kit.as(buyer).cart.get();
    expect(items.find((i) => i.productId === soldOut.id)).toMatchObject({ available: false, reason: "out_of_stock" });
    expect(items.find((i) => i.productId === short.id)).toMatchObject({ available: false, reason: "short", quantity: 3 });
  });

  it("another shopper still cannot read an archived product", async () => {
    const gone = await kit.newProduct(seller);
    const holder = await kit.newUser();
    await kit.as(holder).cart.setItem({ productId: gone.id, quantity: 1 });
    await kit.as(seller).seller.product.archive({ id: gone.id });
    expect(await errorCode(kit.as(await kit.newUser()).product.byId({ id: gone.id }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(kit.as(holder).product.byId({ id: gone.id }))).toBe("PRODUCT.NOT_FOUND");
  });
});

describe("cart and order totals are capped", () => {
  it("refuses a line or a cart beyond the largest order total with a 4xx, never a 500", async () => {
    const expensive = await kit.newProduct(seller, { price: MAX_ORDER_TOTAL, quantity: 100 });
    const buyer = await kit.newUser();
    const c = kit.as(buyer);
    await c.cart.setItem({ productId: expensive.id, quantity: 1 });
    expect(await errorCode(c.cart.setItem({ productId: expensive.id, quantity: 2 }))).toBe("CART.TOTAL_TOO_LARGE");
    const other = await kit.newProduct(seller, { price: 1n, quantity: 100 });
    expect(await errorCode(c.cart.setItem({ productId: other.id, quantity: 1 }))).toBe("CART.TOTAL_TOO_LARGE");
    expect((await c.cart.get()).items.map((i) => i.quantity)).toEqual([1]);
  });

  it("refuses at checkout when repricing pushed a cart beyond the bigint range, and moves nothing", async () => {
    const buyer = await kit.newUser();
    await kit.fund(buyer.id, "JMD", 1_000_000n);
    const c = kit.as(buyer);
    const lines = [];
    for (let i = 0; i < 10; i++) {
      const p = await kit.newProduct(seller, { price: 1n, quantity: 1000 });
      await c.cart.setItem({ productId: p.id, quantity: 1000 });
      lines.push(p);
    }
    // 10 lines × 1000 × 10^15 = 10^19 minor units: past what a SQL bigint holds.
    for (const p of lines) await kit.as(seller).seller.product.update({ id: p.id, price: MAX_ORDER_TOTAL });
    expect((await c.cart.get()).totals[0]!.amount).toBe(10n ** 19n);
    expect(await errorCode(c.checkout.place({ idempotencyKey: key() }))).toBe("CART.TOTAL_TOO_LARGE");
    expect(await kit.balance(buyer.id, "JMD")).toBe(1_000_000n);
  });
});

describe("restock on cancel", () => {
  it("never lifts a product past the stock ceiling", async () => {
    const p = await kit.newProduct(seller, { price: 10n, quantity: 5 });
    const buyer = await kit.newUser();
    await kit.fund(buyer.id, "JMD", 1_000n);
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 3 });
    const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
    await kit.as(seller).seller.product.update({ id: p.id, quantity: MAX_STOCK });

    const cancelled = await kit.as(buyer).order.cancel({ id: orders[0]!.id });
    expect(cancelled.status).toBe("cancelled");
    expect((await kit.as(seller).product.byId({ id: p.id })).quantity).toBe(MAX_STOCK);
    expect(await kit.balance(buyer.id, "JMD")).toBe(1_000n);
  });
});
