import { CURRENCY_DECIMALS, formatAmount, type Currency } from "@caribex/domain";

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

const dateFmt = new Intl.DateTimeFormat("en-JM", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
export function formatDate(d: Date | string): string {
  return `${dateFmt.format(typeof d === "string" ? new Date(d) : d)} UTC`;
}
