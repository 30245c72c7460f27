import { CURRENCY_DECIMALS, displayDateTime, formatAmount, isDomainError, parseAmount, type Currency } from "@caribex/domain";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses what a person typed into minor units for the chosen currency; accepts "1,250.50" and a leading currency sign. */
export function parseMoneyInput(text: string, currency: Currency, opts: { allowZero?: boolean } = {}): Parsed<bigint> {
  const cleaned = text.trim().replace(/^(?:[A-Z]{3,4}\s*|\$)/, "").replace(/,/g, "");
  if (cleaned === "") return { ok: false, error: "Enter an amount" };
  try {
    const value = parseAmount(cleaned, currency);
    if (value === 0n && !opts.allowZero) return { ok: false, error: "Amount must be greater than zero" };
    return { ok: true, value };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, error: e.message };
    throw e;
  }
}

/** Placeholder showing how many decimals the currency takes: "0.00" for JMD, "0.000000" for USDC. */
export function amountPlaceholder(currency: Currency): string {
  return formatAmount(0n, currency);
}

export function decimalsHint(currency: Currency): string {
  return `${currency} takes up to ${CURRENCY_DECIMALS[currency]} decimals`;
}

/** Minor units as a plain number for charts only; never used for arithmetic on money. */
export function minorToChartNumber(minor: bigint, currency: Currency): number {
  return Number(formatAmount(minor, currency));
}

export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** The storefront writes dates the same way. */
export const formatDate = displayDateTime;
