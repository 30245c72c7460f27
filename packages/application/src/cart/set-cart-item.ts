import { assertCartQuantity, assertCartTotals, DomainError, MAX_CART_LINES, type Cart } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { priceWith } from "./priced-cart";

/** Sets a line's quantity (0 removes it). Quantities are checked against stock now and again at checkout. */
export function setCartItem(ctx: Ctx, caller: Caller, input: { productId: string; quantity: number }): Promise<Cart> {
  return ctx.uow.run(asUser(caller), async (repos) => {
    // The locked cart with the products of its lines and the one being set, read in one statement: for the checks
    // here and for the prices after.
    const locked = await repos.carts.lockOpenWith(caller.id, [input.productId]);
    const cart = locked.cart;
    const products = new Map(locked.products.map((p) => [p.id, p]));
    // The cart is locked, so its lines are what was read plus this change: no second read.
    const items =
      input.quantity === 0
        ? cart.items.filter((i) => i.productId !== input.productId)
        : cart.items.some((i) => i.productId === input.productId)
          ? cart.items.map((i) => (i.productId === input.productId ? { ...i, quantity: input.quantity } : i))
          : [...cart.items, { productId: input.productId, quantity: input.quantity }];
    const result = priceWith({ ...cart, items }, products);
    if (input.quantity === 0) {
      await repos.carts.removeItem(cart.id, input.productId);
      return result;
    }
    const product = products.get(input.productId);
    if (!product || !product.isActive) throw new DomainError("PRODUCT.NOT_FOUND", "No such product", { productId: input.productId });
    assertCartQuantity(input.quantity, product.quantity);
    const isNewLine = !cart.items.some((i) => i.productId === input.productId);
    if (isNewLine && cart.items.length >= MAX_CART_LINES) {
      throw new DomainError("VALIDATION.INVALID_INPUT", `A cart holds at most ${MAX_CART_LINES} products`, { field: "productId" });
    }
    // Growing a cart past what one order may total is refused; shrinking one never is.
    assertCartTotals(result);
    // Every check is done: the write is the last statement, with the commit right behind it.
    await repos.commitWith(() => repos.carts.setItem(cart.id, input.productId, input.quantity));
    return result;
  });
}
