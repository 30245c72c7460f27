import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyCurrency, codeOf } from "./test-kit";
import { MAX_LINE_QUANTITY, assertCartQuantity, lineTotal, priceCart } from "./cart";
import { CURRENCIES, MAX_MINOR_UNITS } from "./money";

const line = fc.record({
  productId: fc.uuid(),
  title: fc.string({ maxLength: 20 }),
  unitPrice: fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS }),
  currency: anyCurrency,
  quantity: fc.integer({ min: 1, max: MAX_LINE_QUANTITY }),
});

describe("priceCart", () => {
  it("prices each line as unit price times quantity", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), (lines) => {
        const cart = priceCart("c1", lines);
        expect(cart.items).toHaveLength(lines.length);
        cart.items.forEach((item, i) => {
          expect(item).toEqual({ ...lines[i], lineTotal: lines[i]!.unitPrice * BigInt(lines[i]!.quantity), available: true, reason: null });
        });
      }),
    );
  });

  it("totals each currency on its own, never mixing currencies, in a stable order", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), (lines) => {
        const { totals } = priceCart("c1", lines);
        const present = CURRENCIES.filter((c) => lines.some((l) => l.currency === c));
        expect(totals.map((t) => t.currency)).toEqual(present);
        for (const t of totals) {
          const expected = lines.filter((l) => l.currency === t.currency).reduce((s, l) => s + l.unitPrice * BigInt(l.quantity), 0n);
          expect(t.amount).toBe(expected);
        }
      }),
    );
  });

  it("adds up to the same totals whatever the order of the lines", () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }).chain((lines) => fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length }))),
        ([lines, shuffled]) => {
          expect(priceCart("c1", shuffled).totals).toEqual(priceCart("c1", lines).totals);
        },
      ),
    );
  });

  it("grows a currency's total by exactly the line added", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), line, (lines, extra) => {
        const before = priceCart("c1", lines).totals.find((t) => t.currency === extra.currency)?.amount ?? 0n;
        const after = priceCart("c1", [...lines, extra]).totals.find((t) => t.currency === extra.currency)!.amount;
        expect(after - before).toBe(lineTotal(extra.unitPrice, extra.quantity));
      }),
    );
  });

  it("has no totals when empty", () => {
    expect(priceCart("c1", [])).toEqual({ id: "c1", items: [], totals: [] });
  });
});

describe("assertCartQuantity", () => {
  it("accepts whole quantities from 1 up to the stock and the line limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_LINE_QUANTITY }), fc.nat({ max: 5000 }), (quantity, extra) => {
        expect(assertCartQuantity(quantity, quantity + extra)).toBe(quantity);
      }),
    );
  });

  it("refuses quantities that are not whole, positive and within the line limit", () => {
    const bad = fc.oneof(
      fc.integer({ max: 0 }),
      fc.integer({ min: MAX_LINE_QUANTITY + 1 }),
      fc.double({ noNaN: false }).filter((n) => !Number.isInteger(n)),
    );
    fc.assert(
      fc.property(bad, (quantity) => {
        expect(codeOf(() => assertCartQuantity(quantity, 1_000_000))).toBe("VALIDATION.INVALID_INPUT");
      }),
    );
  });

  it("refuses more than the stock seen now", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_LINE_QUANTITY }), fc.nat(), (quantity, seed) => {
        const stock = seed % quantity;
        expect(codeOf(() => assertCartQuantity(quantity, stock))).toBe("CART.QUANTITY_EXCEEDS_STOCK");
      }),
    );
    expect(() => assertCartQuantity(1, 0)).toThrow(/out of stock/);
    expect(() => assertCartQuantity(5, 3)).toThrow(/Only 3 left/);
  });
});
