import { CURRENCY_DECIMALS, displayDateTime, formatAmount, type Currency } from "@caribex/domain";

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

/** The storefront writes dates the same way. */
export const formatDate = displayDateTime;
