import { DomainError } from "./errors";
import { MAX_MINOR_UNITS, totalsByCurrency, type Currency, type Money } from "./money";

export const MAX_CART_LINES = 50;
export const MAX_LINE_QUANTITY = 1000;
/**
 * Largest amount one cart line, one currency's cart total and so one order may come to. The ledger stores
 * amounts as SQL bigint; keeping totals at the single-amount bound leaves room for every sum built from them.
 */
export const MAX_ORDER_TOTAL = MAX_MINOR_UNITS;

/** Why a line in the cart cannot be bought as it is. */
export const CART_LINE_PROBLEMS = ["archived", "out_of_stock", "short"] as const;
export type CartLineProblem = (typeof CART_LINE_PROBLEMS)[number];

export interface CartLine {
  productId: string;
  title: string;
  unitPrice: bigint;
  currency: Currency;
  quantity: number;
  lineTotal: bigint;
  /** False when checkout would refuse this line; `reason` says why. */
  available: boolean;
  reason: CartLineProblem | null;
}

export interface Cart {
  id: string;
  items: CartLine[];
  totals: { currency: Currency; amount: bigint }[];
}

export function lineTotal(unitPrice: bigint, quantity: number): bigint {
  return unitPrice * BigInt(quantity);
}

/** A stored cart line with the product row it refers to, as read now. */
export interface CartLineInput {
  productId: string;
  title: string;
  unitPrice: bigint;
  currency: Currency;
  quantity: number;
  /** Defaults: active, with enough stock. */
  isActive?: boolean;
  stock?: number;
}

export function lineProblem(line: { quantity: number; isActive?: boolean; stock?: number }): CartLineProblem | null {
  if (line.isActive === false) return "archived";
  if (line.stock === undefined) return null;
  if (line.stock <= 0) return "out_of_stock";
  return line.quantity > line.stock ? "short" : null;
}

/**
 * Builds the priced cart from lines priced by the current product rows. Archived lines stay in the cart,
 * flagged, so the shopper can see and remove them; they count in no total because they cannot be bought.
 */
export function priceCart(id: string, lines: CartLineInput[]): Cart {
  const items = lines.map<CartLine>(({ isActive, stock, ...l }) => {
    const reason = lineProblem({ quantity: l.quantity, isActive, stock });
    return { ...l, lineTotal: lineTotal(l.unitPrice, l.quantity), available: reason === null, reason };
  });
  const totals = totalsByCurrency(
    items.filter((i) => i.reason !== "archived").map<Money>((i) => ({ amount: i.lineTotal, currency: i.currency })),
  );
  return { id, items, totals };
}

/** Refuses a cart whose lines or per-currency totals exceed MAX_ORDER_TOTAL, before anything reaches the ledger. */
export function assertCartTotals(cart: Pick<Cart, "items" | "totals">): void {
  const line = cart.items.find((i) => i.lineTotal > MAX_ORDER_TOTAL);
  const total = cart.totals.find((t) => t.amount > MAX_ORDER_TOTAL);
  if (line || total) {
    throw new DomainError("CART.TOTAL_TOO_LARGE", "This cart comes to more than a single order may total; lower a quantity or split the purchase", {
      max: MAX_ORDER_TOTAL,
      ...(line ? { productId: line.productId } : { currency: total!.currency }),
    });
  }
}

/** True when both lists name the same currencies with the same amounts (order does not matter). */
export function sameTotals(a: readonly Money[], b: readonly Money[]): boolean {
  const sum = (list: readonly Money[]) => {
    const m = new Map<Currency, bigint>();
    for (const t of list) m.set(t.currency, (m.get(t.currency) ?? 0n) + t.amount);
    return m;
  };
  const left = sum(a);
  const right = sum(b);
  return left.size === right.size && [...left].every(([c, amount]) => right.get(c) === amount);
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
