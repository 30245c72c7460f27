import { displayMoney, isCurrency } from "@caribex/domain";

/**
 * Formats minor units for people (two decimals; `full` for the ledger and for confirming a typed amount); an
 * unknown currency code is shown raw rather than crashing the page.
 */
export function money(amount: bigint, currency: string, precision: "display" | "full" = "display"): string {
  return isCurrency(currency) ? displayMoney(amount, currency, { precision }) : `${currency} ${amount.toString()}`;
}

/** A wallet address shortened for a header or a list: its first six and last four characters. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
