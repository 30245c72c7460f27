import type { Order, Page } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { listOrdersAs, type OrderListQuery } from "./list-orders";

/** Orders of the caller's products. */
export async function listSellerOrders(ctx: Ctx, caller: Caller, q: OrderListQuery = {}): Promise<Page<Order>> {
  requireRole(caller, "seller", "admin");
  return listOrdersAs(ctx, caller, q, { sellerId: caller.id });
}
