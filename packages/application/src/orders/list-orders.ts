import type { Order, OrderStatus, Page } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { pageRequest } from "../shared/guards";

export type OrderListQuery = { status?: OrderStatus; page?: number; pageSize?: number };

/** A page of orders as the caller may see them, narrowed to one side of the order when given. */
export function listOrdersAs(ctx: Ctx, caller: Caller, q: OrderListQuery, side: { buyerId?: string; sellerId?: string } = {}): Promise<Page<Order>> {
  return ctx.uow.run(asUser(caller), (repos) => repos.orders.list({ ...pageRequest(q), status: q.status, ...side }));
}

/** The caller's purchases. */
export function listOrders(ctx: Ctx, caller: Caller, q: OrderListQuery = {}): Promise<Page<Order>> {
  return listOrdersAs(ctx, caller, q, { buyerId: caller.id });
}
