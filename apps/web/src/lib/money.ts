import { displayMoney, isCurrency, parseAmount, type Currency } from "@caribex/domain";

/**
 * Formats minor units for people (two decimals; `full` for the ledger and for confirming a typed amount); an
 * unknown currency code is shown raw rather than crashing the page.
 */
export function money(amount: bigint, currency: string, precision: "display" | "full" = "display"): string {
  return isCurrency(currency) ? displayMoney(amount, currency, { precision }) : `${currency} ${amount.toString()}`;
}

/** Reads what a person typed into an amount field, or explains why it is not an amount. */
export function readAmount(text: string, currency: Currency): { ok: true; amount: bigint } | { ok: false; error: string } {
  if (!text.trim()) return { ok: false, error: "Enter an amount" };
  try {
    const amount = parseAmount(text, currency);
    if (amount === 0n) return { ok: false, error: "Amount must be greater than zero" };
    return { ok: true, amount };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : "Invalid amount" };
  }
}
