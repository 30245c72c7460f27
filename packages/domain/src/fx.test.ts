import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { convertMinor, inReference, normalizeRate, parseRate, rateBetween, type FxRate } from "./fx";

const at = (iso: string) => new Date(iso);
const rate = (base: FxRate["base"], quote: FxRate["quote"], value: string, asOf = "2026-11-01T00:00:00Z"): FxRate => ({
  id: `${base}-${quote}-${asOf}`,
  base,
  quote,
  rate: value,
  source: "admin",
  setBy: null,
  asOf: at(asOf),
});

describe("exchange rates", () => {
  it("parse exactly into fractions, never floats", () => {
    expect(parseRate("157.25")).toEqual({ num: 15725n, den: 100n });
    expect(parseRate("0.006361")).toEqual({ num: 6361n, den: 1_000_000n });
    expect(parseRate("1")).toEqual({ num: 1n, den: 1n });
    expect(normalizeRate("157.2500")).toBe("157.25");
    expect(normalizeRate("0.10")).toBe("0.1");
    expect(normalizeRate("12.000")).toBe("12");
  });

  it("refuse zero, signs, exponents, separators and excess digits", () => {
    for (const bad of ["0", "0.000", "-1", "+1", "1e3", "1,000.5", "", " ", "1.", ".5", "01.5", "1.0000000000001", "1234567890123", "NaN", "Infinity"]) {
      expect(() => parseRate(bad), bad).toThrow(DomainError);
    }
  });

  it("convert minor units exactly, rounding half up", () => {
    // USD 89.00 at 157.25 JMD per USD is JMD 13,995.25.
    expect(convertMinor(8900n, "USD", "JMD", parseRate("157.25"))).toBe(1_399_525n);
    // USDC has 6 decimals: 18.500000 USDC at 157.1 is JMD 2,906.35.
    expect(convertMinor(18_500_000n, "USDC", "JMD", parseRate("157.1"))).toBe(290_635n);
    // Half a minor unit rounds up, less rounds down: 1 cent at 0.5 is half a JMD cent.
    expect(convertMinor(1n, "USD", "JMD", parseRate("0.5"))).toBe(1n);
    expect(convertMinor(1n, "USD", "JMD", parseRate("0.49"))).toBe(0n);
    // Into more decimals: JMD 100.00 at 0.0064 USDC per JMD is 0.640000 USDC.
    expect(convertMinor(10_000n, "JMD", "USDC", parseRate("0.0064"))).toBe(640_000n);
    // Amounts far beyond float precision stay exact.
    expect(convertMinor(10n ** 15n, "USD", "JMD", parseRate("157.25"))).toBe(157_250_000_000_000_000n);
  });

  it("conversion agrees with exact rational arithmetic for any amount and rate", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (amount, num, places) => {
        const den = 10n ** BigInt(places);
        const got = convertMinor(amount, "USDC", "JMD", { num, den });
        // got is the nearest whole JMD cent: |got - exact| <= 1/2, with exact = amount * num / den / 10^4.
        const exactNum = amount * num;
        const exactDen = den * 10_000n;
        const diff2 = (got * exactDen - exactNum) * 2n;
        expect(diff2 <= exactDen && diff2 > -exactDen).toBe(true);
      }),
    );
  });

  it("use the latest rate of the pair, stored either way round", () => {
    const rates = [rate("USD", "JMD", "150", "2026-10-01T00:00:00Z"), rate("JMD", "USD", "0.00625", "2026-11-01T00:00:00Z"), rate("USDC", "JMD", "157.1")];
    // The reverse pair is newer: 1 / 0.00625 = 160.
    expect(inReference(100n, "USD", rates)).toMatchObject({ amount: 16_000n, currency: "JMD" });
    expect(rateBetween(rates, "USD", "JMD")!.rate!.base).toBe("JMD");
    expect(inReference(95_000n, "JMD", rates)).toEqual({ amount: 95_000n, currency: "JMD", rate: null });
    expect(inReference(1n, "USDC", [])).toBeNull();
  });
});
