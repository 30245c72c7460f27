import type { Order } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { orderNotFound } from "./move-order";
import { partiesOf } from "./party";

/** Visible to its buyer, its seller and admins; to anyone else it does not exist. */
export async function getOrder(ctx: Ctx, caller: Caller, id: string): Promise<Order> {
  const order = await ctx.uow.run(asUser(caller), (repos) => repos.orders.findById(id));
  if (!order || partiesOf(order, caller).length === 0) throw orderNotFound();
  return order;
}
