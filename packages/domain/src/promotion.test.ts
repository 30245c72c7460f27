import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_LINE_QUANTITY } from "./cart";
import { MAX_MINOR_UNITS } from "./money";
import { discountLines, PROMOTION_PERCENT, promotionRefusal, type PromotionLimits, type PromotionRule } from "./promotion";

const line = fc.record({
  unitPrice: fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS / BigInt(MAX_LINE_QUANTITY) }),
  quantity: fc.integer({ min: 1, max: MAX_LINE_QUANTITY }),
  eligible: fc.boolean(),
});
const lines = fc.array(line, { minLength: 1, maxLength: 20 }).map((ls) => ls.map((l) => ({ lineTotal: l.unitPrice * BigInt(l.quantity), eligible: l.eligible })));
const percent = fc.integer({ min: PROMOTION_PERCENT.min, max: PROMOTION_PERCENT.max });
const rule: fc.Arbitrary<PromotionRule> = fc.oneof(
  percent.map((p) => ({ kind: "percent" as const, percent: p })),
  fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS }).map((amount) => ({ kind: "fixed" as const, amount, currency: "JMD" as const })),
);

describe("discountLines", () => {
  it("never discounts a line below zero or above its total, and never a line the code does not cover", () => {
    fc.assert(
      fc.property(rule, lines, (r, ls) => {
        const d = discountLines(r, "JMD", ls);
        d.lines.forEach((x, i) => {
          expect(x >= 0n).toBe(true);
          expect(x <= ls[i]!.lineTotal).toBe(true);
          if (!ls[i]!.eligible) expect(x).toBe(0n);
        });
      }),
    );
  });

  it("the order's discount is the sum of its lines' and at most the subtotal", () => {
    fc.assert(
      fc.property(rule, lines, (r, ls) => {
        const d = discountLines(r, "JMD", ls);
        expect(d.discount).toBe(d.lines.reduce((a, b) => a + b, 0n));
        expect(d.discount <= ls.reduce((a, l) => a + l.lineTotal, 0n)).toBe(true);
        expect(d.eligibleSubtotal).toBe(ls.filter((l) => l.eligible).reduce((a, l) => a + l.lineTotal, 0n));
      }),
    );
  });

  it("a percentage rounds each line down to the minor unit: within one unit of the exact share", () => {
    fc.assert(
      fc.property(percent, lines, (p, ls) => {
        const d = discountLines({ kind: "percent", percent: p }, "USDC", ls);
        d.lines.forEach((x, i) => {
          if (!ls[i]!.eligible) return;
          // x ≤ total·p/100 < x + 1, in integers.
          expect(x * 100n <= ls[i]!.lineTotal * BigInt(p)).toBe(true);
          expect((x + 1n) * 100n > ls[i]!.lineTotal * BigInt(p)).toBe(true);
        });
      }),
    );
  });

  it("a fixed amount is never exceeded, and is given in full (less at most one unit per line) when the covered lines can take it", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS }), lines, (amount, ls) => {
        const d = discountLines({ kind: "fixed", amount, currency: "JMD" }, "JMD", ls);
        expect(d.discount <= amount).toBe(true);
        const covered = ls.filter((l) => l.eligible).length;
        if (d.eligibleSubtotal >= amount) expect(amount - d.discount < BigInt(Math.max(1, covered))).toBe(true);
        else expect(d.discount).toBe(d.eligibleSubtotal);
      }),
    );
  });

  it("a fixed amount in another currency covers nothing", () => {
    expect(discountLines({ kind: "fixed", amount: 500n, currency: "USD" }, "JMD", [{ lineTotal: 1000n, eligible: true }]).discount).toBe(0n);
  });

  it("examples: 15 % of 3 × 333 JMD cents, 10 JMD shared over 1:2 lines", () => {
    expect(discountLines({ kind: "percent", percent: 15 }, "JMD", [{ lineTotal: 999n, eligible: true }]).lines).toEqual([149n]);
    expect(discountLines({ kind: "fixed", amount: 1000n, currency: "JMD" }, "JMD", [{ lineTotal: 1000n, eligible: true }, { lineTotal: 2000n, eligible: true }, { lineTotal: 5000n, eligible: false }]).lines).toEqual([333n, 666n, 0n]);
  });
});

describe("promotionRefusal", () => {
  const open: PromotionLimits = { startsAt: null, endsAt: null, usageLimit: null, perBuyerLimit: null, minSubtotal: null, isActive: true };
  const now = new Date("2026-12-07T12:00:00Z");
  const use = { uses: 0, buyerUses: 0 };
  const order = { eligibleSubtotal: 5000n };
  it("accepts an open code on an order it covers", () => expect(promotionRefusal(open, now, use, order)).toBeNull());
  it("refuses outside its dates or when switched off", () => {
    expect(promotionRefusal({ ...open, startsAt: new Date("2026-12-08T00:00:00Z") }, now, use, order)).toBe("EXPIRED");
    expect(promotionRefusal({ ...open, endsAt: now }, now, use, order)).toBe("EXPIRED");
    expect(promotionRefusal({ ...open, isActive: false }, now, use, order)).toBe("EXPIRED");
  });
  it("refuses beyond its uses", () => {
    expect(promotionRefusal({ ...open, usageLimit: 10 }, now, { uses: 10, buyerUses: 0 }, order)).toBe("EXHAUSTED");
    expect(promotionRefusal({ ...open, usageLimit: 10 }, now, { uses: 9, buyerUses: 0 }, order)).toBeNull();
    expect(promotionRefusal({ ...open, perBuyerLimit: 1 }, now, { uses: 3, buyerUses: 1 }, order)).toBe("EXHAUSTED");
  });
  it("refuses an order it covers nothing of, or below its minimum", () => {
    expect(promotionRefusal(open, now, use, { eligibleSubtotal: 0n })).toBe("NOT_APPLICABLE");
    expect(promotionRefusal({ ...open, minSubtotal: 5001n }, now, use, order)).toBe("NOT_APPLICABLE");
    expect(promotionRefusal({ ...open, minSubtotal: 5000n }, now, use, order)).toBeNull();
  });
});
