import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertRateChangeAllowed, bpsAsPercent, rateChange, ratioAsDecimal } from "./fx-guard";
import { parseRate } from "./fx";

describe("rateChange", () => {
  it("has nothing to compare with for a new pair", () => {
    expect(rateChange(null, "1582.5")).toEqual({ changeBps: 0n, level: "none" });
  });

  it("grades the move from the current rate, exactly, rounding up", () => {
    const current = parseRate("157.25");
    expect(rateChange(current, "157.25")).toEqual({ changeBps: 0n, level: "small" });
    expect(rateChange(current, "160")).toMatchObject({ changeBps: 175n, level: "small" });
    expect(rateChange(current, "172.975")).toMatchObject({ changeBps: 1000n, level: "confirm" }); // exactly 10 %
    expect(rateChange(current, "141.525")).toMatchObject({ changeBps: 1000n, level: "confirm" }); // 10 % down
    expect(rateChange(current, "235.875")).toMatchObject({ changeBps: 5000n, level: "confirm" }); // exactly 50 %
    expect(rateChange(current, "235.876")).toMatchObject({ level: "force" });
    expect(rateChange(current, "1582.5")).toMatchObject({ changeBps: 90636n, level: "force" }); // the 10x typo
    expect(rateChange(current, "15.725")).toMatchObject({ changeBps: 9000n, level: "force" }); // a tenth
  });

  it("never calls a move small that is 10 % or more", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (a, b) => {
        const { changeBps, level } = rateChange({ num: BigInt(a), den: 1000n }, (b / 1000).toFixed(3));
        const exact = Math.abs(b - a) / a;
        if (exact >= 0.1) expect(level).not.toBe("small");
        if (exact > 0.5) expect(level).toBe("force");
        expect(Number(changeBps)).toBeGreaterThanOrEqual(Math.floor(exact * 10_000));
      }),
    );
  });
});

describe("assertRateChangeAllowed", () => {
  const bigMove = rateChange(parseRate("157.25"), "1582.5");
  const confirmMove = rateChange(parseRate("157.25"), "176.12");

  it("asks for confirmation between 10 and 50 %", () => {
    expect(() => assertRateChangeAllowed(confirmMove, "157.25", {})).toThrow(expect.objectContaining({ code: "FX.RATE_CHANGE_UNCONFIRMED" }));
    expect(() => assertRateChangeAllowed(confirmMove, "157.25", { confirmChange: true })).not.toThrow();
  });

  it("refuses over 50 % unless forced with a note", () => {
    expect(() => assertRateChangeAllowed(bigMove, "157.25", { confirmChange: true })).toThrow(expect.objectContaining({ code: "FX.RATE_CHANGE_REFUSED" }));
    expect(() => assertRateChangeAllowed(bigMove, "157.25", { force: true, note: "  " })).toThrow(expect.objectContaining({ code: "FX.RATE_CHANGE_REFUSED" }));
    expect(() => assertRateChangeAllowed(bigMove, "157.25", { force: true, note: "redenomination" })).not.toThrow();
  });
});

describe("formatting", () => {
  it("spells basis points as percent and ratios as short decimals", () => {
    expect(bpsAsPercent(90636n)).toBe("906.36");
    expect(bpsAsPercent(5n)).toBe("0.05");
    expect(ratioAsDecimal({ num: 1n, den: 3n })).toBe("0.333333");
    expect(ratioAsDecimal({ num: 15725n, den: 100n })).toBe("157.25");
    expect(ratioAsDecimal({ num: 1n, den: 1700n })).toBe("0.000588");
  });
});
