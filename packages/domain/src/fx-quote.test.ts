import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { parseRate } from "./fx";
import { quoteAmounts } from "./fx-quote";
import { CURRENCIES, CURRENCY_DECIMALS, type Currency } from "./money";

const pairs = CURRENCIES.flatMap((from) => CURRENCIES.filter((to) => to !== from).map((to) => [from, to] as [Currency, Currency]));

/** The exact value the user would get (in `to` minor units) for `pay`, as a fraction num/den. */
function exactReceive(pay: bigint, from: Currency, to: Currency, rate: string, spreadBps: number): { num: bigint; den: bigint } {
  const r = parseRate(rate);
  return {
    num: pay * r.num * BigInt(10_000 - spreadBps) * 10n ** BigInt(CURRENCY_DECIMALS[to]),
    den: r.den * 10_000n * 10n ** BigInt(CURRENCY_DECIMALS[from]),
  };
}

const rateArb = fc
  .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
  .map(([n, places]) => {
    const digits = n.toString().padStart(places + 1, "0");
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  });

/** The quote, or null when the amount is too small to give anything (the one refusal the properties allow). */
function quoteOrTooSmall(input: Parameters<typeof quoteAmounts>[0]): ReturnType<typeof quoteAmounts> | null {
  try {
    return quoteAmounts(input);
  } catch (e) {
    if (e instanceof DomainError && e.code === "MONEY.INVALID_AMOUNT") return null;
    throw e;
  }
}

describe("quoteAmounts", () => {
  it("converts 100.00 USD into JMD at 157.25 less 50 bps: 15,646.37 JMD (the odd half cent kept), a fee of 0.50 USD", () => {
    const q = quoteAmounts({ from: "USD", to: "JMD", side: "pay", amount: 10_000n, ratio: parseRate("157.25"), spreadBps: 50 });
    // 15725 JMD mid · 0.995 = 15646.375 → 15646.37
    expect(q).toEqual({ pay: 10_000n, receive: 1_564_637n, fee: 50n });
  });

  it("asks exactly enough USDC to receive a JMD shortfall, rounded up", () => {
    // 1 USDC = 157.25 JMD; receive 1,000.00 JMD at 100 bps: 1000 / (157.25 · 0.99) = 6.4235355... USDC
    const q = quoteAmounts({ from: "USDC", to: "JMD", side: "receive", amount: 100_000n, ratio: parseRate("157.25"), spreadBps: 100 });
    expect(q.receive).toBe(100_000n);
    expect(q.pay).toBe(6_423_536n);
    // 1000 JMD is worth 6.359301 USDC at mid-market (rounded up)
    expect(q.fee).toBe(6_423_536n - 6_359_301n);
  });

  it("refuses an amount too small to give anything", () => {
    expect(() => quoteAmounts({ from: "USDC", to: "JMD", side: "pay", amount: 1n, ratio: parseRate("157.25"), spreadBps: 50 })).toThrow(DomainError);
    expect(() => quoteAmounts({ from: "JMD", to: "JMD", side: "pay", amount: 1n, ratio: parseRate("1"), spreadBps: 0 })).toThrow(DomainError);
  });

  it("property: paying, the user receives the exact value rounded down, by less than one minor unit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        rateArb,
        fc.integer({ min: 0, max: 1_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        ([from, to], rate, spreadBps, amount) => {
          const q = quoteOrTooSmall({ from, to, side: "pay", amount, ratio: parseRate(rate), spreadBps });
          if (!q) return;
          const exact = exactReceive(q.pay, from, to, rate, spreadBps);
          expect(q.pay).toBe(amount);
          // receive ≤ exact < receive + 1
          expect(q.receive * exact.den <= exact.num).toBe(true);
          expect(exact.num < (q.receive + 1n) * exact.den).toBe(true);
          expect(q.fee >= 0n && q.fee <= q.pay).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("property: receiving, the user pays the exact price rounded up, by less than one minor unit, and gets the amount asked", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        rateArb,
        fc.integer({ min: 0, max: 1_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        ([from, to], rate, spreadBps, amount) => {
          const q = quoteOrTooSmall({ from, to, side: "receive", amount, ratio: parseRate(rate), spreadBps });
          if (!q) return;
          expect(q.receive).toBe(amount);
          // what `pay` is worth covers `receive`, and `pay − 1` would not
          const worth = exactReceive(q.pay, from, to, rate, spreadBps);
          expect(worth.num >= q.receive * worth.den).toBe(true);
          const less = exactReceive(q.pay - 1n, from, to, rate, spreadBps);
          expect(less.num < q.receive * less.den).toBe(true);
          expect(q.fee >= 0n).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("property: a wider spread never gives the user more", () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), rateArb, fc.integer({ min: 0, max: 999 }), fc.bigInt({ min: 10n ** 6n, max: 10n ** 12n }), ([from, to], rate, bps, amount) => {
        try {
          const a = quoteAmounts({ from, to, side: "pay", amount, ratio: parseRate(rate), spreadBps: bps });
          const b = quoteAmounts({ from, to, side: "pay", amount, ratio: parseRate(rate), spreadBps: bps + 1 });
          expect(b.receive <= a.receive).toBe(true);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
        }
      }),
    );
  });
});
