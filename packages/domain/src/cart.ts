import { DomainError } from "./errors";
import { totalsByCurrency, type Currency, type Money } from "./money";

export const MAX_CART_LINES = 50;
export const MAX_LINE_QUANTITY = 1000;

export interface CartLine {
  productId: string;
  title: string;
  unitPrice: bigint;
  currency: Currency;
  quantity: number;
  lineTotal: bigint;
}

export interface Cart {
  id: string;
  items: CartLine[];
  totals: { currency: Currency; amount: bigint }[];
}

export function lineTotal(unitPrice: bigint, quantity: number): bigint {
  return unitPrice * BigInt(quantity);
}

/** Builds the priced cart from lines priced by the current product rows. */
export function priceCart(id: string, lines: Omit<CartLine, "lineTotal">[]): Cart {
  const items = lines.map((l) => ({ ...l, lineTotal: lineTotal(l.unitPrice, l.quantity) }));
  const totals = totalsByCurrency(items.map<Money>((i) => ({ amount: i.lineTotal, currency: i.currency })));
  return { id, items, totals };
}

/** Quantity a shopper may put in the cart: whole, positive, bounded, and within the stock seen now. */
export function assertCartQuantity(quantity: number, stock: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`, { field: "quantity" });
  }
  if (quantity > stock) {
    throw new DomainError("CART.QUANTITY_EXCEEDS_STOCK", stock === 0 ? "This product is out of stock" : `Only ${stock} left in stock`, {
      available: stock,
    });
  }
  return quantity;
}
