import { CURRENCIES, type Currency, type NewOrder, type Product } from "@caribex/domain";

export interface CheckoutLine {
  productId: string;
  quantity: number;
}

/**
 * Splits a cart into one order per (seller, currency): each seller ships their own part, and an order is paid
 * in a single currency. Prices and titles come from the locked product rows, never from the client.
 * Output order is deterministic (seller id, then currency order), so retries build the same orders.
 */
export function splitIntoOrders(
  buyerId: string,
  lines: CheckoutLine[],
  products: Map<string, Product>,
  checkoutKey: string | null,
): NewOrder[] {
  const groups = new Map<string, NewOrder>();
  for (const line of [...lines].sort((a, b) => compare(a.productId, b.productId))) {
    const product = products.get(line.productId);
    if (!product) throw new Error(`product ${line.productId} was not locked`);
    const key = `${product.sellerId}|${product.currency}`;
    let order = groups.get(key);
    if (!order) {
      order = { buyerId, sellerId: product.sellerId, currency: product.currency, status: "paid", checkoutKey, items: [] };
      groups.set(key, order);
    }
    order.items.push({ productId: product.id, title: product.title, unitPrice: product.price, quantity: line.quantity });
  }
  return [...groups.values()].sort(
    (a, b) => compare(a.sellerId, b.sellerId) || currencyRank(a.currency) - currencyRank(b.currency),
  );
}

export function orderTotal(order: Pick<NewOrder, "items">): bigint {
  return order.items.reduce((sum, i) => sum + i.unitPrice * BigInt(i.quantity), 0n);
}

const currencyRank = (c: Currency) => CURRENCIES.indexOf(c);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
