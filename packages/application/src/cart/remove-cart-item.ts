import type { Cart } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { inCart, priced } from "./priced-cart";

export function removeCartItem(ctx: Ctx, caller: Caller, input: { productId: string }): Promise<Cart> {
  return inCart(ctx, caller, async (repos, cart) => {
    await repos.carts.removeItem(cart.id, input.productId);
    return priced(repos, await repos.carts.getOpen(caller.id));
  });
}
