import type { Cart } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { inCart, priced } from "./priced-cart";

/** The caller's cart, created on demand, priced now. */
export function getCart(ctx: Ctx, caller: Caller): Promise<Cart> {
  return inCart(ctx, caller, priced);
}
