import { describe, expect, it } from "vitest";
import { assertCartTotals, MAX_ORDER_TOTAL, priceCart, sameTotals } from "./cart";

const line = (productId: string, unitPrice: bigint, quantity: number, extra: { isActive?: boolean; stock?: number; currency?: "JMD" | "USD" } = {}) => ({
  productId,
  title: productId,
  unitPrice,
  currency: extra.currency ?? ("JMD" as const),
  quantity,
  ...(extra.isActive === undefined ? {} : { isActive: extra.isActive }),
  ...(extra.stock === undefined ? {} : { stock: extra.stock }),
});

describe("sameTotals", () => {
  it("compares per currency, ignoring order", () => {
    const now = [
      { currency: "JMD" as const, amount: 100n },
      { currency: "USD" as const, amount: 5n },
    ];
    expect(sameTotals([...now].reverse(), now)).toBe(true);
    expect(sameTotals([{ currency: "JMD", amount: 101n }, now[1]!], now)).toBe(false);
    expect(sameTotals([now[0]!], now)).toBe(false);
    expect(sameTotals([...now, { currency: "USDC", amount: 0n }], now)).toBe(false);
    expect(sameTotals([], [])).toBe(true);
  });
});

describe("priceCart", () => {
  it("flags lines checkout would refuse and leaves archived ones out of the totals", () => {
    const cart = priceCart("c", [
      line("ok", 100n, 2, { stock: 5 }),
      line("gone", 700n, 1, { isActive: false, stock: 5 }),
      line("none", 50n, 1, { stock: 0 }),
      line("short", 10n, 3, { stock: 2, currency: "USD" }),
    ]);
    expect(cart.items.map((i) => [i.productId, i.available, i.reason])).toEqual([
      ["ok", true, null],
      ["gone", false, "archived"],
      ["none", false, "out_of_stock"],
      ["short", false, "short"],
    ]);
    expect(cart.totals).toEqual([
      { currency: "JMD", amount: 250n },
      { currency: "USD", amount: 30n },
    ]);
  });
});

describe("assertCartTotals", () => {
  it("allows up to the cap and refuses beyond it, per line and per currency", () => {
    expect(() => assertCartTotals(priceCart("c", [line("a", MAX_ORDER_TOTAL, 1)]))).not.toThrow();
    expect(() => assertCartTotals(priceCart("c", [line("a", MAX_ORDER_TOTAL, 2)]))).toThrow(expect.objectContaining({ code: "CART.TOTAL_TOO_LARGE" }));
    expect(() => assertCartTotals(priceCart("c", [line("a", MAX_ORDER_TOTAL, 1), line("b", 1n, 1)]))).toThrow(
      expect.objectContaining({ code: "CART.TOTAL_TOO_LARGE", details: expect.objectContaining({ currency: "JMD" }) }),
    );
    expect(() => assertCartTotals(priceCart("c", [line("a", MAX_ORDER_TOTAL, 1), line("b", 1n, 1, { currency: "USD" })]))).not.toThrow();
  });
});
