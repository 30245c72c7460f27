import { TRPCError } from "@trpc/server";
import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toTRPCError } from "../../errors";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  seller = await kit.newUser("seller");
});
afterAll(() => kit?.close());

async function stock(id: string): Promise<number> {
  return (await kit.as(kit.admin).product.byId({ id })).quantity;
}

async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

async function shopperWithCart(lines: { price: bigint; currency?: "JMD" | "USD"; quantity: number }[]) {
  const buyer = await kit.newUser();
  await kit.fund(buyer.id, "JMD", 1_000_000n);
  await kit.fund(buyer.id, "USD", 1_000_000n);
  const products = [];
  for (const l of lines) {
    const p = await kit.newProduct(seller, { price: l.price, currency: l.currency ?? "JMD", quantity: 10 });
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: l.quantity });
    products.push(p);
  }
  return { buyer, products, reviewed: (await kit.as(buyer).cart.get()).totals };
}

describe("checkout.place with expectedTotals", () => {
  it("charges when the totals the shopper reviewed are what the cart costs now", async () => {
    const { buyer, reviewed } = await shopperWithCart([{ price: 1000n, quantity: 2 }, { price: 250n, currency: "USD", quantity: 1 }]);
    expect(reviewed).toEqual([
      { currency: "JMD", amount: 2000n },
      { currency: "USD", amount: 250n },
    ]);
    const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key(), expectedTotals: [...reviewed].reverse() });
    expect(orders.map((o) => o.total).sort()).toEqual([2000n, 250n].sort());
    expect(await kit.balance(buyer.id, "JMD")).toBe(1_000_000n - 2000n);
  });

  it("refuses with CHECKOUT.PRICE_CHANGED and the new totals when the seller repriced after review; nothing moves", async () => {
    const { buyer, products, reviewed } = await shopperWithCart([{ price: 1000n, quantity: 2 }]);
    await kit.as(seller).seller.product.update({ id: products[0]!.id, price: 1500n });

    const e = await refusal(kit.as(buyer).checkout.place({ idempotencyKey: key(), expectedTotals: reviewed }));
    const mapped = toTRPCError(e);
    expect(mapped.code).toBe("CONFLICT");
    expect(await errorCode(Promise.reject(e))).toBe("CHECKOUT.PRICE_CHANGED");
    expect((e.cause as { details?: unknown }).details).toEqual({ totals: [{ currency: "JMD", amount: 3000n }] });

    expect(await kit.balance(buyer.id, "JMD")).toBe(1_000_000n);
    expect(await stock(products[0]!.id)).toBe(10);
    expect((await kit.as(buyer).order.list()).total).toBe(0);
    expect((await kit.as(buyer).cart.get()).items).toHaveLength(1);

    // Confirming the new totals goes through.
    const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key(), expectedTotals: [{ currency: "JMD", amount: 3000n }] });
    expect(orders[0]!.total).toBe(3000n);
  });

  it("refuses when the seller switched the currency (the set of currencies differs)", async () => {
    const { buyer, products, reviewed } = await shopperWithCart([{ price: 500n, quantity: 1 }]);
    await kit.as(seller).seller.product.update({ id: products[0]!.id, currency: "USD" });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key(), expectedTotals: reviewed }))).toBe("CHECKOUT.PRICE_CHANGED");
    expect(await kit.balance(buyer.id, "USD")).toBe(1_000_000n);
  });

  it("refuses when a currency is missing from or added to what the shopper reviewed", async () => {
    const { buyer, reviewed } = await shopperWithCart([{ price: 500n, quantity: 1 }, { price: 700n, currency: "USD", quantity: 1 }]);
    const c = kit.as(buyer);
    expect(await errorCode(c.checkout.place({ idempotencyKey: key(), expectedTotals: reviewed.slice(0, 1) }))).toBe("CHECKOUT.PRICE_CHANGED");
    expect(await errorCode(c.checkout.place({ idempotencyKey: key(), expectedTotals: [...reviewed, { currency: "USDC", amount: 0n }] }))).toBe(
      "CHECKOUT.PRICE_CHANGED",
    );
    expect(await errorCode(c.checkout.place({ idempotencyKey: key(), expectedTotals: [] }))).toBe("CHECKOUT.PRICE_CHANGED");
    expect(await kit.balance(buyer.id, "JMD")).toBe(1_000_000n);
  });

  it("checks against the prices locked inside the checkout, also when the price drops", async () => {
    const { buyer, products, reviewed } = await shopperWithCart([{ price: 900n, quantity: 1 }]);
    await kit.as(seller).seller.product.update({ id: products[0]!.id, price: 800n });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key(), expectedTotals: reviewed }))).toBe("CHECKOUT.PRICE_CHANGED");
  });

  it("keeps callers that send no expectedTotals working, and rejects malformed ones", async () => {
    const { buyer } = await shopperWithCart([{ price: 400n, quantity: 1 }]);
    const c = kit.as(buyer);
    expect(await errorCode(c.checkout.place({ idempotencyKey: key(), expectedTotals: [{ currency: "JMD", amount: -1n }] }))).toBe("BAD_REQUEST");
    expect(
      await errorCode(
        c.checkout.place({
          idempotencyKey: key(),
          expectedTotals: [
            { currency: "JMD", amount: 400n },
            { currency: "JMD", amount: 0n },
          ],
        }),
      ),
    ).toBe("BAD_REQUEST");
    const { orders } = await c.checkout.place({ idempotencyKey: key() });
    expect(orders[0]!.total).toBe(400n);
  });
});
