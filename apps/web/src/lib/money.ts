import { displayMoney, isCurrency } from "@caribex/domain";

/** Formats minor units for people; an unknown currency code is shown raw rather than crashing the page. */
export function money(amount: bigint, currency: string): string {
  return isCurrency(currency) ? displayMoney(amount, currency) : `${currency} ${amount.toString()}`;
}
