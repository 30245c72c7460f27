import { DomainError } from "./errors";
import { CURRENCY_DECIMALS, type Currency } from "./money";

/**
 * Exchange rates, for showing and sorting prices in one reference currency. Nothing here moves money: the
 * ledger never converts. A rate is exact: a decimal string ("157.25"), computed with as bigint fractions.
 */

/** The currency prices are compared in and shown "≈" in. */
export const REFERENCE_CURRENCY: Currency = "JMD";

export const FX_SOURCES = ["admin", "feed", "seed"] as const;
export type FxSource = (typeof FX_SOURCES)[number];

/** One unit of `base` is worth `rate` units of `quote` (whole units, not minor units). */
export interface FxRate {
  id: string;
  base: Currency;
  quote: Currency;
  /** Exact decimal string, e.g. "157.25". */
  rate: string;
  source: FxSource;
  /** The admin who set it; null for the feed and seed data. */
  setBy: string | null;
  asOf: Date;
  /** How far an admin's rate moved from the one before it, in basis points (admin history only). */
  changeBps?: number | null;
  /** Why an admin forced a large change (admin history only). */
  note?: string | null;
}

/** A rate about to be stored: everything but the id the database gives it. */
export type NewFxRate = Omit<FxRate, "id">;

/** Bounds the column (numeric(24,12)) holds: twelve digits either side of the point. */
export const FX_RATE_PATTERN = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,12})?$/;

/** A rate as an exact fraction. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Parses a positive decimal rate into an exact fraction; refuses signs, exponents, zero and excess digits. */
export function parseRate(text: string): Ratio {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (!FX_RATE_PATTERN.test(trimmed)) {
    throw new DomainError("VALIDATION.INVALID_INPUT", "A rate is a positive decimal number such as 157.25 (at most 12 decimals)", { field: "rate" });
  }
  const [whole, fraction = ""] = trimmed.split(".");
  const num = BigInt(whole! + fraction);
  if (num === 0n) throw new DomainError("VALIDATION.INVALID_INPUT", "A rate must be greater than zero", { field: "rate" });
  return { num, den: 10n ** BigInt(fraction.length) };
}

/** The canonical spelling of a rate: no trailing zeros after the point ("157.2500" → "157.25"). */
export function normalizeRate(text: string): string {
  const { num, den } = parseRate(text);
  const places = den.toString().length - 1;
  const digits = num.toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * The latest rate that turns `from` into `to`: the pair as stored, or the reverse pair inverted, whichever was
 * set more recently. Null when neither is known; 1/1 for the same currency.
 */
export function rateBetween(rates: readonly FxRate[], from: Currency, to: Currency): { ratio: Ratio; rate: FxRate | null } | null {
  if (from === to) return { ratio: { num: 1n, den: 1n }, rate: null };
  let best: { ratio: Ratio; rate: FxRate } | null = null;
  for (const r of rates) {
    const direct = r.base === from && r.quote === to;
    const reverse = r.base === to && r.quote === from;
    if (!direct && !reverse) continue;
    if (best && best.rate.asOf.getTime() >= r.asOf.getTime()) continue;
    const { num, den } = parseRate(r.rate);
    best = { ratio: direct ? { num, den } : { num: den, den: num }, rate: r };
  }
  return best;
}

/**
 * Converts minor units of `from` into minor units of `to` at an exact ratio, rounding half up (amounts are
 * never negative here). 8900n USD at 157.25 → 1399525n JMD.
 */
export function convertMinor(amount: bigint, from: Currency, to: Currency, ratio: Ratio): bigint {
  if (amount < 0n) throw new DomainError("MONEY.INVALID_AMOUNT", "Amount cannot be negative");
  const num = amount * ratio.num * 10n ** BigInt(CURRENCY_DECIMALS[to]);
  const den = ratio.den * 10n ** BigInt(CURRENCY_DECIMALS[from]);
  const q = num / den;
  return (num % den) * 2n >= den ? q + 1n : q;
}

/** The reference-currency value of a price, with the rate used; null when no rate is known. */
export function inReference(
  amount: bigint,
  from: Currency,
  rates: readonly FxRate[],
  reference: Currency = REFERENCE_CURRENCY,
): { amount: bigint; currency: Currency; rate: FxRate | null } | null {
  const found = rateBetween(rates, from, reference);
  if (!found) return null;
  return { amount: convertMinor(amount, from, reference, found.ratio), currency: reference, rate: found.rate };
}

/** Where rates come from besides an admin: an outside price feed (optional; the marketplace runs without it). */
export interface FxFeedPort {
  /** Current rates as the feed publishes them; throws when the feed cannot be reached or answers nonsense. */
  fetchRates(): Promise<{ base: Currency; quote: Currency; rate: string; asOf: Date }[]>;
}
