import { DomainError } from "./errors";
import type { Currency } from "./money";

export const ORDER_STATUSES = ["pending", "paid", "shipped", "completed", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** How the acting party relates to the order; decides which transitions it may make. */
export type OrderParty = "buyer" | "seller" | "admin" | "system";

export interface OrderItem {
  productId: string;
  title: string;
  unitPrice: bigint;
  quantity: number;
}

export interface Order {
  id: string;
  buyerId: string;
  sellerId: string;
  status: OrderStatus;
  items: OrderItem[];
  total: bigint;
  currency: Currency;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The order state machine. Each legal edge names who may take it:
 * payment is done by the system at checkout, the seller ships, the buyer confirms delivery,
 * and before shipping either side may cancel (the money goes back from escrow).
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly OrderParty[]>>> = {
  pending: { paid: ["system"], cancelled: ["system", "buyer", "admin"] },
  paid: { shipped: ["seller"], cancelled: ["buyer", "seller", "admin"] },
  shipped: { completed: ["buyer"] },
  completed: {},
  cancelled: {},
};

export function canTransition(from: OrderStatus, to: OrderStatus, party: OrderParty): boolean {
  return ORDER_TRANSITIONS[from][to]?.includes(party) ?? false;
}

export function assertTransition(from: OrderStatus, to: OrderStatus, party: OrderParty): void {
  const allowed = ORDER_TRANSITIONS[from][to];
  if (!allowed) {
    throw new DomainError("ORDER.ILLEGAL_TRANSITION", `An order that is ${from} cannot become ${to}`, { from, to });
  }
  if (!allowed.includes(party)) {
    throw new DomainError("ORDER.ILLEGAL_TRANSITION", `The ${party} cannot move an order from ${from} to ${to}`, { from, to, party });
  }
}

export const isTerminal = (status: OrderStatus): boolean => Object.keys(ORDER_TRANSITIONS[status]).length === 0;
