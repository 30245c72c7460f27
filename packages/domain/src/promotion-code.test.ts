import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { applyPromotions, type PromotionForBuyer } from "./promotion-code";

const now = new Date("2026-06-01T12:00:00Z");
const promo = (over: Partial<PromotionForBuyer>): PromotionForBuyer => ({
  id: "p1",
  sellerId: "s1",
  code: "Save10",
  kind: "percent",
  percent: 10,
  amount: null,
  currency: null,
  productIds: null,
  used: 0,
  buyerUses: 0,
  createdAt: now,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  perBuyerLimit: null,
  minSubtotal: null,
  isActive: true,
  ...over,
});
const order = (sellerId: string, lines: [string, bigint, number][]) => ({
  sellerId,
  currency: "JMD" as const,
  items: lines.map(([productId, unitPrice, quantity]) => ({ productId, unitPrice, quantity })),
});
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return null;
};

describe("applyPromotions", () => {
  it("applies a code case-insensitively to its seller's order only, per line, rounded down", () => {
    const [a, b] = applyPromotions([order("s1", [["x", 999n, 3], ["y", 100n, 1]]), order("s2", [["z", 500n, 1]])], ["save10"], [promo({})], now);
    expect(a).toMatchObject({ subtotal: 3097n, discount: 299n + 10n, total: 3097n - 309n, promotionId: "p1" });
    expect(a!.discounts).toEqual([
      { code: "Save10", productId: "x", amount: 299n },
      { code: "Save10", productId: "y", amount: 10n },
    ]);
    expect(b).toMatchObject({ discount: 0n, total: 500n, promotionId: null, discounts: [] });
  });

  it("without codes nothing changes", () => {
    expect(applyPromotions([order("s1", [["x", 100n, 2]])], [], [], now)[0]).toMatchObject({ total: 200n, discount: 0n });
  });

  it("refuses unknown, expired, exhausted and inapplicable codes with their reason", () => {
    const o = [order("s1", [["x", 1000n, 1]])];
    expect(refusal(() => applyPromotions(o, ["nope"], [promo({})], now))).toBe("PROMOTION.NOT_FOUND");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ sellerId: "s9" })], now))).toBe("PROMOTION.NOT_FOUND");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ isActive: false })], now))).toBe("PROMOTION.EXPIRED");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ endsAt: now })], now))).toBe("PROMOTION.EXPIRED");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ usageLimit: 3, used: 3 })], now))).toBe("PROMOTION.EXHAUSTED");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ perBuyerLimit: 1, buyerUses: 1 })], now))).toBe("PROMOTION.EXHAUSTED");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ productIds: ["other"] })], now))).toBe("PROMOTION.NOT_APPLICABLE");
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ minSubtotal: 1001n })], now))).toBe("PROMOTION.NOT_APPLICABLE");
    // A fixed amount that would make the order free is not applicable: an order always pays something.
    expect(refusal(() => applyPromotions(o, ["save10"], [promo({ kind: "fixed", percent: null, amount: 1000n, currency: "JMD" })], now))).toBe(
      "PROMOTION.NOT_APPLICABLE",
    );
  });

  it("one code per order: of two codes of the same seller the larger discount applies", () => {
    const [o] = applyPromotions(
      [order("s1", [["x", 1000n, 1]])],
      ["save10", "big"],
      [promo({}), promo({ id: "p2", code: "BIG", kind: "fixed", percent: null, amount: 300n, currency: "JMD" })],
      now,
    );
    expect(o).toMatchObject({ promotionId: "p2", discount: 300n, total: 700n });
  });
});
