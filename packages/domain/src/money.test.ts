import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyAmount, anyCurrency, codeOf } from "./test-kit";
import {
  CURRENCIES,
  CURRENCY_DECIMALS,
  MAX_MINOR_UNITS,
  assertAmount,
  currency,
  displayMoney,
  formatAmount,
  money,
  parseAmount,
  totalsByCurrency,
  type Currency,
} from "./money";


describe("parseAmount and formatAmount", () => {
  it("round-trip every amount in range, in every currency", () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, (minor, cur) => {
        const text = formatAmount(minor, cur);
        expect(parseAmount(text, cur)).toBe(minor);
      }),
    );
  });

  it("format with exactly the currency's decimals", () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, (minor, cur) => {
        const [, fraction = ""] = formatAmount(minor, cur).split(".");
        expect(fraction).toHaveLength(CURRENCY_DECIMALS[cur]);
      }),
    );
  });

  it("accept fewer decimals than the currency has, and surrounding spaces", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 8n }), anyCurrency, fc.nat({ max: 6 }), (whole, cur, take) => {
        const decimals = CURRENCY_DECIMALS[cur];
        const digits = Math.min(take, decimals);
        const fraction = "7".repeat(digits);
        const text = digits > 0 ? ` ${whole}.${fraction} ` : ` ${whole} `;
        const expected = whole * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
        expect(parseAmount(text, cur)).toBe(expected);
      }),
    );
  });

  it("match known values", () => {
    expect(parseAmount("12.50", "JMD")).toBe(1250n);
    expect(parseAmount("12.5", "JMD")).toBe(1250n);
    expect(parseAmount("0", "USD")).toBe(0n);
    expect(parseAmount("1.000001", "USDC")).toBe(1_000_001n);
    expect(formatAmount(1250n, "JMD")).toBe("12.50");
    expect(formatAmount(5n, "USDC")).toBe("0.000005");
    expect(formatAmount(-1250n, "USD")).toBe("-12.50");
  });

  it("refuse anything that is not a plain decimal", () => {
    const bad = ["", " ", "-1", "+1", "1e3", "1,000", "1 000", "12.", ".5", "0x10", "Infinity", "NaN", "1.2.3", "١٢", "12.50 JMD"];
    for (const text of bad) expect(codeOf(() => parseAmount(text, "JMD")), text).toBe("MONEY.INVALID_AMOUNT");
  });

  it("refuse random strings unless they are plain decimals", () => {
    const plain = /^\s*\d{1,16}(\.\d+)?\s*$/;
    fc.assert(
      fc.property(fc.string(), anyCurrency, (text, cur) => {
        const code = codeOf(() => parseAmount(text, cur));
        if (!plain.test(text)) expect(code).toBe("MONEY.INVALID_AMOUNT");
        else expect(["ok", "MONEY.INVALID_AMOUNT"]).toContain(code);
      }),
    );
  });

  it("refuse more decimals than the currency has", () => {
    fc.assert(
      fc.property(anyCurrency, fc.nat({ max: 1_000_000 }), (cur, whole) => {
        const text = `${whole}.${"1".repeat(CURRENCY_DECIMALS[cur] + 1)}`;
        expect(codeOf(() => parseAmount(text, cur))).toBe("MONEY.INVALID_AMOUNT");
      }),
    );
  });

  it("refuse amounts beyond MAX_MINOR_UNITS", () => {
    fc.assert(
      fc.property(anyCurrency, fc.bigInt({ min: MAX_MINOR_UNITS + 1n, max: 10n ** 17n }), (cur, minor) => {
        expect(codeOf(() => parseAmount(formatAmount(minor, cur), cur))).toBe("MONEY.INVALID_AMOUNT");
      }),
    );
    expect(parseAmount(formatAmount(MAX_MINOR_UNITS, "JMD"), "JMD")).toBe(MAX_MINOR_UNITS);
  });

  it("refuse unknown currencies", () => {
    for (const cur of ["EUR", "jmd", "", "__proto__", "toString"]) {
      expect(codeOf(() => parseAmount("1", cur as Currency))).toBe("MONEY.UNKNOWN_CURRENCY");
      expect(codeOf(() => formatAmount(1n, cur as Currency))).toBe("MONEY.UNKNOWN_CURRENCY");
      expect(codeOf(() => currency(cur))).toBe("MONEY.UNKNOWN_CURRENCY");
    }
    expect(codeOf(() => currency(42))).toBe("MONEY.UNKNOWN_CURRENCY");
  });
});

describe("displayMoney with every decimal", () => {
  it("is the formatted amount with thousands separators and the currency code", () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, (minor, cur) => {
        const shown = displayMoney(minor, cur, { precision: "full" });
        expect(shown.startsWith(`${cur} `)).toBe(true);
        const number = shown.slice(cur.length + 1);
        expect(number).toMatch(/^\d{1,3}(,\d{3})*(\.\d+)?$/);
        // Removing the separators gives back the plain amount, which parses to the same minor units.
        expect(number.replaceAll(",", "")).toBe(formatAmount(minor, cur));
        expect(parseAmount(number.replaceAll(",", ""), cur)).toBe(minor);
      }),
    );
  });

  it("matches known values", () => {
    expect(displayMoney(123456n, "JMD")).toBe("JMD 1,234.56");
    expect(displayMoney(0n, "USD")).toBe("USD 0.00");
    expect(displayMoney(1_000_000_000_000n, "USDC", { precision: "full" })).toBe("USDC 1,000,000.000000");
  });
});

describe("assertAmount and money", () => {
  it("accept integers in range, zero only when allowed", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_MINOR_UNITS }), (minor) => {
        expect(assertAmount(minor)).toBe(minor);
        expect(assertAmount(minor, { allowZero: true })).toBe(minor);
      }),
    );
    expect(codeOf(() => assertAmount(0n))).toBe("MONEY.INVALID_AMOUNT");
    expect(assertAmount(0n, { allowZero: true })).toBe(0n);
  });

  it("refuse negatives, values too large and non-bigints", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ max: -1n }), fc.bigInt({ min: MAX_MINOR_UNITS + 1n })), (minor) => {
        expect(codeOf(() => assertAmount(minor, { allowZero: true }))).toBe("MONEY.INVALID_AMOUNT");
        expect(codeOf(() => money(minor, "JMD"))).toBe("MONEY.INVALID_AMOUNT");
      }),
    );
    for (const value of [1, 1.5, "1", null, undefined, Number.NaN]) {
      expect(codeOf(() => assertAmount(value))).toBe("MONEY.INVALID_AMOUNT");
    }
  });

  it("money() keeps the amount and checks the currency", () => {
    expect(money(250n, "USD")).toEqual({ amount: 250n, currency: "USD" });
    expect(codeOf(() => money(250n, "EUR" as Currency))).toBe("MONEY.UNKNOWN_CURRENCY");
  });
});

describe("totalsByCurrency", () => {
  const entry = fc.record({ amount: anyAmount, currency: anyCurrency });

  it("sums each currency separately, in the fixed currency order, and drops none", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        const totals = totalsByCurrency(entries);
        const present = CURRENCIES.filter((c) => entries.some((e) => e.currency === c));
        expect(totals.map((t) => t.currency)).toEqual(present);
        for (const t of totals) {
          const expected = entries.filter((e) => e.currency === t.currency).reduce((s, e) => s + e.amount, 0n);
          expect(t.amount).toBe(expected);
        }
      }),
    );
  });

  it("does not depend on the order of the entries", () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 40 }).chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))),
        ([entries, shuffled]) => {
          expect(totalsByCurrency(shuffled)).toEqual(totalsByCurrency(entries));
        },
      ),
    );
  });

  it("is empty for no entries", () => {
    expect(totalsByCurrency([])).toEqual([]);
  });
});
