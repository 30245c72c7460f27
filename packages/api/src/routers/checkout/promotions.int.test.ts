import type { Product, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

// Seller promotions against the real database: codes per seller, discounts per line, escrow and refunds of what
// the buyer paid, and usage limits claimed under lock by the payment.
let kit: CommerceKit;
let seller: User;

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 25 });
  seller = await kit.newUser("seller");
});
afterAll(() => kit?.close());

async function buyerWith(products: { product: Product; quantity: number }[], jmd = 1_000_000n): Promise<User> {
  const buyer = await kit.newUser();
  await kit.fund(buyer.id, "JMD", jmd);
  for (const { product, quantity } of products) await kit.as(buyer).cart.setItem({ productId: product.id, quantity });
  return buyer;
}

const stock = async (id: string) => (await kit.as(kit.admin).product.byId({ id })).quantity;
const used = async (id: string) => Number((await kit.query<{ used: number }>(`select used from promotions where id = '${id}'`))[0]!.used);
const escrowOf = async (orderId: string) =>
  (await kit.query<{ balance: string }>(`select balance::text as balance from wallets where kind = 'escrow' and order_id = '${orderId}'`))[0]?.balance;

describe("seller.promotion", () => {
  it("creates, lists and switches off a seller's own codes; codes are unique per seller whatever their case", async () => {
    const own = await kit.newProduct(seller);
    const created = await kit.as(seller).seller.promotion.create({ code: "Launch10", kind: "percent", percent: 10, productIds: [own.id], usageLimit: 5 });
    expect(created).toMatchObject({ code: "Launch10", kind: "percent", percent: 10, productIds: [own.id], usageLimit: 5, used: 0, isActive: true });
    expect(await errorCode(kit.as(seller).seller.promotion.create({ code: "LAUNCH10", kind: "percent", percent: 5 }))).toBe("PROMOTION.CODE_TAKEN");

    // Another seller may use the same code for their own products, but never name someone else's products.
    const other = await kit.newUser("seller");
    await kit.as(other).seller.promotion.create({ code: "launch10", kind: "fixed", amount: 500n, currency: "JMD" });
    expect(await errorCode(kit.as(other).seller.promotion.create({ code: "THEIRS", kind: "percent", percent: 5, productIds: [own.id] }))).toBe(
      "VALIDATION.INVALID_INPUT",
    );
    expect((await kit.as(other).seller.promotion.list()).map((p) => p.code)).toEqual(["launch10"]);
    expect(await errorCode(kit.as(other).seller.promotion.deactivate({ id: created.id }))).toBe("PROMOTION.NOT_FOUND");
    expect(await errorCode(kit.as(await kit.newUser()).seller.promotion.list())).toBe("AUTH.FORBIDDEN");

    const off = await kit.as(seller).seller.promotion.deactivate({ id: created.id });
    expect(off.isActive).toBe(false);
    expect((await kit.as(seller).seller.promotion.list()).find((p) => p.id === created.id)?.isActive).toBe(false);
  });
});

describe("checkout with a code", () => {
  it("preview shows each discount line; the order, its escrow and the buyer's debit are the discounted total; a cancel refunds exactly that", async () => {
    const [a, b] = await Promise.all([kit.newProduct(seller, { price: 999n }), kit.newProduct(seller, { price: 2500n })]);
    const covered = await kit.as(seller).seller.promotion.create({ code: "TENOFF", kind: "percent", percent: 10, productIds: [a.id] });
    const buyer = await buyerWith([
      { product: a, quantity: 3 },
      { product: b, quantity: 1 },
    ]);
    const start = await kit.balance(buyer.id, "JMD");

    const preview = await kit.as(buyer).checkout.preview({ promotionCodes: ["tenoff"] });
    expect(preview.orders).toHaveLength(1);
    // 10 % of 2997 is 299.7: rounded down, per line; the other product is not covered.
    expect(preview.orders[0]).toMatchObject({ subtotal: 5497n, discount: 299n, total: 5198n, discounts: [{ code: "TENOFF", productId: a.id, amount: 299n }] });
    expect(preview.totals).toEqual([{ currency: "JMD", amount: 5198n }]);

    const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["tenoff"], expectedTotals: preview.totals });
    expect(orders[0]).toMatchObject({ total: 5198n, discount: 299n, status: "paid" });
    expect(await escrowOf(orders[0]!.id)).toBe("5198");
    expect(await kit.balance(buyer.id, "JMD")).toBe(start - 5198n);
    expect(await used(covered.id)).toBe(1);
    expect((await kit.as(buyer).order.byId({ id: orders[0]!.id })).discount).toBe(299n);

    await kit.as(buyer).order.cancel({ id: orders[0]!.id });
    expect(await kit.balance(buyer.id, "JMD")).toBe(start);
    expect(await escrowOf(orders[0]!.id)).toBe("0");
  });

  it("refuses an unknown code, one that covers nothing in the cart, and one below its minimum subtotal", async () => {
    const p = await kit.newProduct(seller, { price: 1000n });
    const elsewhere = await kit.newProduct(seller, { price: 1000n });
    await kit.as(seller).seller.promotion.create({ code: "ONLYTHAT", kind: "percent", percent: 20, productIds: [elsewhere.id] });
    await kit.as(seller).seller.promotion.create({ code: "BIGSPEND", kind: "fixed", amount: 100n, currency: "JMD", minSubtotal: 5000n });
    const buyer = await buyerWith([{ product: p, quantity: 1 }]);
    expect(await errorCode(kit.as(buyer).checkout.preview({ promotionCodes: ["NOPE"] }))).toBe("PROMOTION.NOT_FOUND");
    expect(await errorCode(kit.as(buyer).checkout.preview({ promotionCodes: ["onlythat"] }))).toBe("PROMOTION.NOT_APPLICABLE");
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["BIGSPEND"] }))).toBe("PROMOTION.NOT_APPLICABLE");
    expect(await stock(p.id)).toBe(10);
  });

  it("a code switched off between review and order refuses with CHECKOUT.PRICE_CHANGED; nothing is charged or taken", async () => {
    const p = await kit.newProduct(seller, { price: 4000n });
    const promo = await kit.as(seller).seller.promotion.create({ code: "SHORTLIVED", kind: "fixed", amount: 1000n, currency: "JMD" });
    const buyer = await buyerWith([{ product: p, quantity: 1 }]);
    const start = await kit.balance(buyer.id, "JMD");
    const preview = await kit.as(buyer).checkout.preview({ promotionCodes: ["SHORTLIVED"] });
    expect(preview.totals).toEqual([{ currency: "JMD", amount: 3000n }]);

    // It ends: its end moves into the past.
    await kit.query(`update promotions set ends_at = now() - interval '1 second', starts_at = null where id = '${promo.id}'`);
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["SHORTLIVED"], expectedTotals: preview.totals }))).toBe(
      "CHECKOUT.PRICE_CHANGED",
    );
    // Without reviewed totals the code's own reason is given.
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["SHORTLIVED"] }))).toBe("PROMOTION.EXPIRED");
    expect(await kit.balance(buyer.id, "JMD")).toBe(start);
    expect(await stock(p.id)).toBe(10);
    expect(await used(promo.id)).toBe(0);
    // Confirmed without the code, the order goes through at the full price.
    const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key(), expectedTotals: [{ currency: "JMD", amount: 4000n }] });
    expect(orders[0]).toMatchObject({ total: 4000n, discount: 0n });
  });

  it("a per-buyer limit holds: the buyer's second order with the code is refused", async () => {
    const p = await kit.newProduct(seller, { price: 1000n, quantity: 10 });
    await kit.as(seller).seller.promotion.create({ code: "ONCEEACH", kind: "percent", percent: 50, perBuyerLimit: 1 });
    const buyer = await buyerWith([{ product: p, quantity: 1 }]);
    await kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["onceeach"] });
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });
    expect(await errorCode(kit.as(buyer).checkout.place({ idempotencyKey: key(), promotionCodes: ["onceeach"] }))).toBe("PROMOTION.EXHAUSTED");
  });

  it("50 parallel checkouts on a code with 10 uses: exactly 10 orders use it, the rest are refused with nothing charged or taken", async () => {
    const p = await kit.newProduct(seller, { price: 2000n, quantity: 100 });
    const promo = await kit.as(seller).seller.promotion.create({ code: "FIRST10", kind: "percent", percent: 25, usageLimit: 10 });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => buyerWith([{ product: p, quantity: 1 }], 10_000n)));
    // Every buyer reviewed the discounted total while the code still had all its uses.
    const reviewed = await Promise.all(buyers.map((b) => kit.as(b).checkout.preview({ promotionCodes: ["FIRST10"] })));
    for (const r of reviewed) expect(r.totals).toEqual([{ currency: "JMD", amount: 1500n }]);

    const results = await Promise.allSettled(
      buyers.map((b, i) => kit.as(b).checkout.place({ idempotencyKey: key(), promotionCodes: ["FIRST10"], expectedTotals: reviewed[i]!.totals })),
    );
    const placed = results.filter((r) => r.status === "fulfilled");
    expect(placed).toHaveLength(10);
    for (const r of results) {
      if (r.status === "rejected") expect(await errorCode(Promise.reject(r.reason))).toBe("CHECKOUT.PRICE_CHANGED");
    }
    expect(await used(promo.id)).toBe(10);
    expect(await stock(p.id)).toBe(90);
    const balances = await Promise.all(buyers.map((b) => kit.balance(b.id, "JMD")));
    expect(balances.filter((b) => b === 10_000n - 1500n)).toHaveLength(10);
    expect(balances.filter((b) => b === 10_000n)).toHaveLength(40);
    const [uses] = await kit.query<{ n: string }>(`select count(*)::text as n from promotion_uses where promotion_id = '${promo.id}'`);
    expect(uses!.n).toBe("10");
    const sums = await kit.query<{ currency: string; total: string }>(`select currency, sum(balance)::text as total from wallets group by currency`);
    for (const row of sums) expect(row.total, row.currency).toBe("0");
  });

  it("the database refuses an order whose discount is not its code's (paid by the buyer directly)", async () => {
    const p = await kit.newProduct(seller, { price: 1000n });
    const promo = await kit.as(seller).seller.promotion.create({ code: "HONEST5", kind: "percent", percent: 5 });
    const buyer = await buyerWith([]);
    const attempt = kit.db.uow.run({ kind: "user", userId: buyer.id, role: "customer" }, async (repos) => {
      const [order] = await repos.orders.createMany([
        {
          buyerId: buyer.id,
          sellerId: seller.id,
          currency: "JMD",
          status: "pending",
          checkoutKey: null,
          items: [{ productId: p.id, title: p.title, unitPrice: p.price, quantity: 1 }],
          // 5 % of 1000 is 50, not 500
          discount: 500n,
          promotionId: promo.id,
          total: 500n,
        },
      ]);
      await repos.ledger.post([
        { kind: "escrow_hold", currency: "JMD", amount: order!.total, from: { kind: "user", userId: buyer.id }, to: { kind: "escrow", sellerId: seller.id }, orderId: order!.id },
      ]);
    });
    await expect(attempt).rejects.toThrow();
    expect(await kit.balance(buyer.id, "JMD")).toBe(1_000_000n);
    expect(await used(promo.id)).toBe(0);
  });
});
