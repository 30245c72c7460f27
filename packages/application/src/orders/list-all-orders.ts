import type { Order, Page } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { listOrdersAs, type OrderListQuery } from "./list-orders";

/** Every order (admins, and service tokens with the orders:read scope, checked at the API). */
export async function listAllOrders(ctx: Ctx, caller: Caller, q: OrderListQuery = {}): Promise<Page<Order>> {
  requireRole(caller, "admin", "service");
  return listOrdersAs(ctx, caller, q);
}
