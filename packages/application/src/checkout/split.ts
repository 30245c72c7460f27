import { CURRENCIES, type Cart, type Currency, type NewOrder, type Product } from "@caribex/domain";

/** An order as checkout plans it: everything but the status it goes in with and where it is shipped. */
export type OrderDraft = Omit<NewOrder, "status" | "shippingAddress">;

/**
 * Splits a priced cart into one order per (seller, currency): each seller ships their own part, and an order is
 * paid in a single currency. Lines, prices and line totals are the priced cart's (priced from the product rows,
 * never from the client), so an order's total is the sum of its lines as priced once. Output order is
 * deterministic (seller id, then currency order), so retries build the same orders.
 */
export function splitIntoOrders(buyerId: string, cart: Pick<Cart, "items">, products: Map<string, Product>, checkoutKey: string | null): OrderDraft[] {
  const groups = new Map<string, OrderDraft>();
  for (const line of [...cart.items].sort((a, b) => compare(a.productId, b.productId))) {
    const product = products.get(line.productId);
    if (!product) throw new Error(`product ${line.productId} was not read`);
    const key = `${product.sellerId}|${line.currency}`;
    let order = groups.get(key);
    if (!order) {
      order = { buyerId, sellerId: product.sellerId, currency: line.currency, checkoutKey, items: [], total: 0n };
      groups.set(key, order);
    }
    order.items.push({ productId: line.productId, title: line.title, unitPrice: line.unitPrice, quantity: line.quantity });
    order.total += line.lineTotal;
  }
  return [...groups.values()].sort((a, b) => compare(a.sellerId, b.sellerId) || currencyRank(a.currency) - currencyRank(b.currency));
}

const currencyRank = (c: Currency) => CURRENCIES.indexOf(c);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
