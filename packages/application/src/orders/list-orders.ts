import { parseOrderReference, type Order, type OrderStatus, type Page } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { pageRequest } from "../shared/guards";

export type OrderListQuery = { status?: OrderStatus; page?: number; pageSize?: number; search?: string };

/** A page of orders as the caller may see them, narrowed to one side of the order when given. */
export function listOrdersAs(ctx: Ctx, caller: Caller, q: OrderListQuery, side: { buyerId?: string; sellerId?: string } = {}): Promise<Page<Order>> {
  const page = pageRequest(q);
  // An order is searched for by its number, however it is typed ("CX-10428", "cx10428", "10428").
  const number = q.search?.trim() ? parseOrderReference(q.search) : undefined;
  if (number === null) return Promise.resolve({ items: [], total: 0, page: page.page, pageSize: page.pageSize });
  return ctx.uow.run(asUser(caller), (repos) => repos.orders.list({ ...page, status: q.status, ...(number !== undefined ? { number } : {}), ...side }));
}

/** The caller's purchases. */
export function listOrders(ctx: Ctx, caller: Caller, q: OrderListQuery = {}): Promise<Page<Order>> {
  return listOrdersAs(ctx, caller, q, { buyerId: caller.id });
}
