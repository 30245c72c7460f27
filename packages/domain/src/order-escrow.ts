import type { Posting } from "./ledger";
import type { Order, OrderStatus } from "./order";

/**
 * Escrow is held per order: paying an order opens that order's own escrow account (held for its seller) with
 * exactly the order's total, and the order's end empties it in one movement, to the seller or back to the buyer.
 * No movement takes more out of an order's escrow than its hold put in. The database keeps the same rules (the
 * ledger's posting functions).
 */

/** Statuses in which an order's escrow holds its total; in every other status it holds nothing. */
export const ESCROW_HOLDING_STATUSES = ["paid", "shipped", "disputed"] as const satisfies readonly OrderStatus[];

/** What the order's escrow account holds while the order is in its current status. */
export function orderEscrowBalance(order: Pick<Order, "status" | "total">): bigint {
  return (ESCROW_HOLDING_STATUSES as readonly OrderStatus[]).includes(order.status) ? order.total : 0n;
}

/** How an order's escrow is paid out when the order reaches each end: to the seller, or back to the buyer. */
export const ESCROW_PAYOUTS = {
  completed: { kind: "escrow_release", to: "seller" },
  cancelled: { kind: "refund", to: "buyer" },
  refunded: { kind: "refund", to: "buyer" },
} as const satisfies Partial<Record<OrderStatus, { kind: Posting["kind"]; to: "seller" | "buyer" }>>;

export type EscrowPayoutStatus = keyof typeof ESCROW_PAYOUTS;

type EscrowOrder = Pick<Order, "id" | "buyerId" | "sellerId" | "total" | "currency">;

/**
 * The order's escrow account as a ledger account: the seller's escrow, narrowed to the one order by the
 * posting's `orderId` (which every posting built here carries).
 */
export function orderEscrow(order: Pick<Order, "sellerId">): Posting["to"] {
  return { kind: "escrow", sellerId: order.sellerId };
}

/** The buyer pays the order's total into the order's escrow (checkout). */
export function escrowHoldPosting(order: EscrowOrder): Posting {
  return {
    kind: "escrow_hold",
    currency: order.currency,
    amount: order.total,
    from: { kind: "user", userId: order.buyerId },
    to: orderEscrow(order),
    memo: null,
    orderId: order.id,
  };
}

/** Empties the order's escrow for the end it reached: the whole total, to whom that end pays it. */
export function escrowPayoutPosting(order: EscrowOrder, end: EscrowPayoutStatus): Posting {
  const payout = ESCROW_PAYOUTS[end];
  return {
    kind: payout.kind,
    currency: order.currency,
    amount: order.total,
    from: orderEscrow(order),
    to: { kind: "user", userId: payout.to === "seller" ? order.sellerId : order.buyerId },
    memo: null,
    orderId: order.id,
  };
}
