import { orderActions, type Order, type OrderAction, type OrderViewer } from "@caribex/domain";

/**
 * Orders as the API returns them: each carries the actions its caller may take on it now (the domain decides,
 * from the order's status and the caller's part in it), so clients render buttons without rules of their own.
 */
export type OrderWithActions = Order & { actions: OrderAction[] };

export function withActions(viewer: OrderViewer, order: Order): OrderWithActions {
  return { ...order, actions: orderActions(order, viewer) };
}

export function pageWithActions<P extends { items: Order[] }>(viewer: OrderViewer, page: P): Omit<P, "items"> & { items: OrderWithActions[] } {
  return { ...page, items: page.items.map((o) => withActions(viewer, o)) };
}
