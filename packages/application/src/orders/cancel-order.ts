import type { Order } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { refundCancelled } from "./escrow";
import { moveOrderAs } from "./move-order";

/** Before shipping: the money goes back to the buyer and the stock back on the shelf (done with the transition). */
export function cancelOrder(ctx: Ctx, caller: Caller, id: string): Promise<Order> {
  return moveOrderAs(ctx, caller, id, {
    to: "cancelled",
    effects: async (repos, order) => {
      const refunded = await refundCancelled(repos, order);
      return { ...refunded, productIds: [...new Set(order.items.map((i) => i.productId))].sort() };
    },
  });
}
