import { describe, expect, it } from "vitest";
import { countOf, displayDate, displayDateTime } from "./format";
import { displayMoney } from "./money";

describe("displayMoney", () => {
  it("shows two decimals for every currency, with grouping", () => {
    expect(displayMoney(123456n, "JMD")).toBe("JMD 1,234.56");
    expect(displayMoney(8900n, "USD")).toBe("USD 89.00");
    expect(displayMoney(3_250_000n, "USDC")).toBe("USDC 3.25");
    expect(displayMoney(1_234_567_000_000n, "USDC")).toBe("USDC 1,234,567.00");
    expect(displayMoney(-1250n, "JMD")).toBe("JMD -12.50");
  });

  it("rounds USDC half up and marks a rounded amount as approximate", () => {
    expect(displayMoney(3_255_000n, "USDC")).toBe("≈ USDC 3.26");
    expect(displayMoney(3_254_999n, "USDC")).toBe("≈ USDC 3.25");
    expect(displayMoney(1n, "USDC")).toBe("≈ USDC 0.00");
    expect(displayMoney(-3_255_000n, "USDC")).toBe("≈ USDC -3.26");
  });

  it("shows every decimal on request (ledger views)", () => {
    expect(displayMoney(3_250_001n, "USDC", { precision: "full" })).toBe("USDC 3.250001");
    expect(displayMoney(123456n, "JMD", { precision: "full" })).toBe("JMD 1,234.56");
  });
});

describe("countOf", () => {
  it("uses the singular for exactly one", () => {
    expect(countOf(1, "order")).toBe("1 order");
    expect(countOf(0, "order")).toBe("0 orders");
    expect(countOf(2, "item")).toBe("2 items");
    expect(countOf(1200, "sign-up")).toBe("1,200 sign-ups");
    expect(countOf(3, "category", "categories")).toBe("3 categories");
  });
});

describe("dates", () => {
  it("writes one UTC format whatever the machine's zone", () => {
    const at = new Date("2026-11-30T14:05:00.000Z");
    expect(displayDateTime(at)).toMatch(/^30 Nov 2026.*2:05.*UTC$/);
    expect(displayDate(at)).toBe("30 Nov 2026");
  });
});
