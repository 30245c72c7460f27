import { orderActions, type Order, type OrderAction, type OrderViewer } from "@caribex/domain";

/**
 * Orders as the API returns them: each carries the actions its caller may take on it now (the domain decides,
 * from the order's status and the caller's part in it), so clients render buttons without rules of their own, and
 * for a shipped order the moment its escrow is released to the seller if the buyer neither confirms nor disputes.
 */
export type OrderWithActions = Order & { actions: OrderAction[]; autoReleaseAt: Date | null };

/** What the decoration needs from a request: who asks, and how long a shipped order waits for its buyer. */
export interface OrderViewContext {
  user: OrderViewer | null;
  services: { settings: { escrowReleaseDays: number } };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function withActions(ctx: OrderViewContext, order: Order): OrderWithActions {
  const autoReleaseAt = order.status === "shipped" && order.shippedAt ? new Date(order.shippedAt.getTime() + ctx.services.settings.escrowReleaseDays * DAY_MS) : null;
  return { ...order, actions: ctx.user ? orderActions(order, ctx.user) : [], autoReleaseAt };
}

export function pageWithActions<P extends { items: Order[] }>(ctx: OrderViewContext, page: P): Omit<P, "items"> & { items: OrderWithActions[] } {
  return { ...page, items: page.items.map((o) => withActions(ctx, o)) };
}
