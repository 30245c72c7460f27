import { priceCart, type Cart, type Product, type Repositories, type StoredCart } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";

/**
 * Prices the stored lines from the current product rows. Lines of archived products or short of stock are kept
 * and flagged, so the shopper sees why checkout would refuse and can remove them.
 */
export async function priced(repos: Repositories, cart: StoredCart): Promise<Cart> {
  const products = new Map((await repos.products.findManyByIds([...new Set(cart.items.map((i) => i.productId))])).map((p) => [p.id, p]));
  return priceWith(cart, products);
}

export function priceWith(cart: StoredCart, products: Map<string, Product>): Cart {
  const lines = cart.items.flatMap((item) => {
    const p = products.get(item.productId);
    return p
      ? [{ productId: p.id, title: p.title, unitPrice: p.price, currency: p.currency, quantity: item.quantity, isActive: p.isActive, stock: p.quantity }]
      : [];
  });
  return priceCart(cart.id, lines);
}

/** Runs fn on the caller's open cart, as the caller. */
export const inCart = <T>(ctx: Ctx, caller: Caller, fn: (repos: Repositories, cart: StoredCart) => Promise<T>) =>
  ctx.uow.run(asUser(caller), async (repos) => fn(repos, await repos.carts.getOpen(caller.id)));
