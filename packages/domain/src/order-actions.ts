import type { ActorRole } from "./user";
import { ORDER_TRANSITIONS, type Order, type OrderParty, type OrderStatus } from "./order";

/**
 * What a person can do to an order, named after the procedures that do it: `order.cancel`, `seller.order.ship`,
 * `order.confirmDelivery`, `order.openDispute`, and `admin.order.resolveDispute` with outcome refund or release.
 */
export const ORDER_ACTIONS = ["cancel", "ship", "confirmDelivery", "openDispute", "resolveRefund", "resolveRelease"] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Who is looking at an order: a signed-in user (or service token) with the role it acts in. */
export interface OrderViewer {
  id: string;
  role: ActorRole;
}

/** The ways a viewer is involved in an order; empty when it has no business seeing it. */
export function orderPartiesOf(order: Pick<Order, "buyerId" | "sellerId">, viewer: OrderViewer): OrderParty[] {
  const parties: OrderParty[] = [];
  if (order.buyerId === viewer.id) parties.push("buyer");
  if (order.sellerId === viewer.id) parties.push("seller");
  if (viewer.role === "admin") parties.push("admin");
  return parties;
}

/**
 * The action that takes an edge of the state machine: named by the status it reaches, and for `completed` by
 * where it comes from (the buyer confirms a shipped order, an admin releases a disputed one). Paying has no
 * action: an order is paid by the checkout that places it.
 */
export function orderActionOf(from: OrderStatus, to: OrderStatus): OrderAction | null {
  switch (to) {
    case "cancelled":
      return "cancel";
    case "shipped":
      return "ship";
    case "disputed":
      return "openDispute";
    case "refunded":
      return "resolveRefund";
    case "completed":
      return from === "disputed" ? "resolveRelease" : "confirmDelivery";
    case "paid":
    case "pending":
      return null;
  }
}

/** Actions whose procedure also asks for a role: shipping is done from the seller tools, open to sellers only. */
export const ORDER_ACTION_ROLES: Partial<Record<OrderAction, ActorRole>> = { ship: "seller" };

/**
 * What the viewer may do to the order now: every edge out of its status that one of the viewer's parties may take
 * (and whose procedure the viewer's role reaches), in the order of ORDER_ACTIONS. A service token acts as no
 * party, so it may do nothing.
 */
export function orderActions(order: Pick<Order, "status" | "buyerId" | "sellerId">, viewer: OrderViewer): OrderAction[] {
  if (viewer.role === "service") return [];
  const parties = orderPartiesOf(order, viewer);
  const allowed = new Set<OrderAction>();
  for (const [to, who] of Object.entries(ORDER_TRANSITIONS[order.status]) as [OrderStatus, readonly OrderParty[]][]) {
    const action = orderActionOf(order.status, to);
    if (!action) continue;
    const role = ORDER_ACTION_ROLES[action];
    if (role && viewer.role !== role) continue;
    if (who.some((p) => parties.includes(p))) allowed.add(action);
  }
  return ORDER_ACTIONS.filter((a) => allowed.has(a));
}
