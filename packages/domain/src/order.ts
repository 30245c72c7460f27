import { DomainError } from "./errors";
import type { AddressFields } from "./address";
import type { Currency } from "./money";

export const ORDER_STATUSES = ["pending", "paid", "shipped", "completed", "cancelled", "disputed", "refunded"] as const;
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
  /** The order's number for people, from a sequence: shown as "CX-10428" (see orderReference). */
  number: number;
  buyerId: string;
  sellerId: string;
  status: OrderStatus;
  items: OrderItem[];
  /** What the buyer pays: the lines' sum less `discount`. */
  total: bigint;
  /** What a promotion code took off the order (0 or absent without one). */
  discount?: bigint;
  currency: Currency;
  createdAt: Date;
  updatedAt: Date;
  /** The buyer's username, so a seller sees a name rather than an id. */
  buyerName: string;
  /** The seller's username, so a buyer knows who they bought from. */
  sellerName: string;
  /** The seller's account is suspended: a paid order will not ship until it is lifted (absent: not known, not suspended). */
  sellerSuspended?: boolean;
  /** Where the goods go: a copy of the buyer's address taken at checkout, unaffected by later edits. */
  shippingAddress: AddressFields | null;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: Date | null;
  disputeReason: string | null;
  /** The admin's note when a dispute was resolved. */
  resolutionNote: string | null;
}

/** Facts recorded together with a status change. */
export interface OrderTransitionFacts {
  carrier?: string | null;
  trackingNumber?: string | null;
  disputeReason?: string;
  resolutionNote?: string;
}

/** Days a shipped order waits for the buyer before escrow is released to the seller without them. */
export const DEFAULT_ESCROW_RELEASE_DAYS = 14;

/** Orders shipped at or before this instant are due for automatic release. */
export function escrowReleaseCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/**
 * The order state machine. Each legal edge names who may take it, as the database allows it today:
 * the buyer pays at checkout (the escrow hold moves the order from pending to paid in the same statement; the
 * system may pay an order too), the seller ships, the buyer confirms delivery, and before shipping either side
 * may cancel (the money goes back from escrow). After shipping the buyer may open a dispute instead of
 * confirming; the money stays in escrow until an admin refunds the buyer or releases it to the seller. A shipped
 * order nobody acts on is completed by the system after the release period.
 *
 * The payment edge (`ORDER_PAYMENT_EDGE`) is only ever taken together with the order's escrow hold: a bare
 * status change from pending to paid, without the money, is not a way to take it.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly OrderParty[]>>> = {
  pending: { paid: ["buyer", "system"], cancelled: ["system", "buyer", "admin"] },
  paid: { shipped: ["seller"], cancelled: ["buyer", "seller", "admin"] },
  shipped: { completed: ["buyer", "system"], disputed: ["buyer"] },
  disputed: { refunded: ["admin"], completed: ["admin"] },
  completed: {},
  cancelled: {},
  refunded: {},
};

/** The edge a payment takes: it moves with the escrow hold that pays the order, never as a status change alone. */
export const ORDER_PAYMENT_EDGE = { from: "pending", to: "paid" } as const satisfies { from: OrderStatus; to: OrderStatus };

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

/** How people write an order's number: "CX-10428". */
export function orderReference(number: number): string {
  return `CX-${number}`;
}

/** The number in "CX-10428", "cx10428" or "10428"; null when the text is not an order reference. */
export function parseOrderReference(text: string): number | null {
  const m = /^\s*(?:cx-?)?(\d{1,12})\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
