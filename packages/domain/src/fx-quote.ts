import { DomainError } from "./errors";
import type { Ratio } from "./fx";
import { CURRENCY_DECIMALS, MAX_MINOR_UNITS, type Currency } from "./money";

/**
 * Conversion between currencies: a quote turns a mid-market rate and the platform's spread into two exact
 * amounts in minor units, what the user pays in `from` and what they receive in `to`. The spread is taken off
 * the rate the user gets; the one rounding there is goes in the platform's favour by less than one minor unit:
 * - `side: "pay"`: `amount` is what the user pays; what they receive is rounded down;
 * - `side: "receive"`: `amount` is what the user receives (the checkout asks for exactly its shortfall); what
 *   they pay is rounded up.
 * The fee is the spread in `from` minor units: what the user pays above the mid-market value of what they
 * receive (rounded up).
 */

/** How long a quote may be honoured. */
export const FX_QUOTE_TTL_MS = 30_000;

/** The spread when none is configured (FX_SPREAD_BPS): 0.5%. */
export const DEFAULT_FX_SPREAD_BPS = 50;

/** The largest spread a configuration may set: 10% (basis points). */
export const MAX_FX_SPREAD_BPS = 1_000;

export const FX_QUOTE_SIDES = ["pay", "receive"] as const;
export type FxQuoteSide = (typeof FX_QUOTE_SIDES)[number];

export interface FxQuoteAmounts {
  pay: bigint;
  receive: bigint;
  fee: bigint;
}

export interface FxQuote extends FxQuoteAmounts {
  id: string;
  userId: string;
  from: Currency;
  to: Currency;
  side: FxQuoteSide;
  /** The mid-market rate used: one unit of `from` is worth `rate` units of `to` (exact decimal string). */
  rate: string;
  spreadBps: number;
  createdAt: Date;
  expiresAt: Date;
  /** When it was honoured; null while open. */
  usedAt: Date | null;
}

export type NewFxQuote = Omit<FxQuote, "id" | "usedAt">;

const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;

/**
 * The two amounts of a conversion at `ratio` (units of `to` per unit of `from`) less `spreadBps`. Exact: all in
 * bigint. Refuses an amount so small that one side would be zero, and any amount beyond what money may hold.
 */
export function quoteAmounts(input: { from: Currency; to: Currency; side: FxQuoteSide; amount: bigint; ratio: Ratio; spreadBps: number }): FxQuoteAmounts {
  const { from, to, side, amount, ratio, spreadBps } = input;
  if (from === to) throw new DomainError("VALIDATION.INVALID_INPUT", "A conversion needs two different currencies", { field: "to" });
  if (!Number.isInteger(spreadBps) || spreadBps < 0 || spreadBps > MAX_FX_SPREAD_BPS) throw new RangeError(`spread out of range: ${spreadBps}`);
  if (ratio.num <= 0n || ratio.den <= 0n) throw new RangeError("a rate is positive");
  if (amount <= 0n || amount > MAX_MINOR_UNITS) throw new DomainError("MONEY.INVALID_AMOUNT", "The amount must be positive", { field: "amount" });
  // receive (minor `to`) = pay (minor `from`) · k, with k = ratio · (1 − spread) · 10^dTo / 10^dFrom = kn / kd
  const kn = ratio.num * BigInt(10_000 - spreadBps) * 10n ** BigInt(CURRENCY_DECIMALS[to]);
  const kd = ratio.den * 10_000n * 10n ** BigInt(CURRENCY_DECIMALS[from]);
  // the mid-market factor, without the spread
  const mn = ratio.num * 10n ** BigInt(CURRENCY_DECIMALS[to]);
  const md = ratio.den * 10n ** BigInt(CURRENCY_DECIMALS[from]);
  const pay = side === "pay" ? amount : ceilDiv(amount * kd, kn);
  const receive = side === "receive" ? amount : (amount * kn) / kd;
  if (receive <= 0n || pay <= 0n) {
    throw new DomainError("MONEY.INVALID_AMOUNT", "This amount is too small to convert", { field: "amount" });
  }
  if (pay > MAX_MINOR_UNITS || receive > MAX_MINOR_UNITS) {
    throw new DomainError("MONEY.INVALID_AMOUNT", "This amount is too large to convert", { field: "amount" });
  }
  const fee = pay - ceilDiv(receive * md, mn);
  return { pay, receive, fee: fee > 0n ? fee : 0n };
}
