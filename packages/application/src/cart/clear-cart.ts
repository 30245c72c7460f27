import type { Cart } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { inCart, priced } from "./priced-cart";

export function clearCart(ctx: Ctx, caller: Caller): Promise<Cart> {
  return inCart(ctx, caller, async (repos, cart) => {
    await repos.carts.clear(cart.id);
    return priced(repos, { ...cart, items: [] });
  });
}
