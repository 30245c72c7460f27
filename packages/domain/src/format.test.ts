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
  it("writes Jamaica's time by default, naming the zone, whatever the machine's zone", () => {
    const at = new Date("2026-11-30T14:05:00.000Z");
    expect(displayDateTime(at)).toBe("30 Nov 2026, 9:05 am GMT-5");
    expect(displayDate(at)).toBe("30 Nov 2026");
    // Late evening in Kingston is already the next day in UTC.
    expect(displayDate(new Date("2026-12-01T03:00:00.000Z"))).toBe("30 Nov 2026");
  });

  it("writes the viewer's zone when it is known, and falls back on an unknown one", () => {
    const at = new Date("2026-11-30T14:05:00.000Z");
    expect(displayDateTime(at, "Europe/London")).toBe("30 Nov 2026, 2:05 pm GMT");
    expect(displayDateTime(at, "America/Port_of_Spain")).toBe("30 Nov 2026, 10:05 am GMT-4");
    expect(displayDateTime(at, "Not/AZone")).toBe("30 Nov 2026, 9:05 am GMT-5");
    expect(displayDate(new Date("2026-12-01T03:00:00.000Z"), "UTC")).toBe("1 Dec 2026");
  });
});
