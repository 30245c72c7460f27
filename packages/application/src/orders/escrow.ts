import type { Order, Posting } from "@caribex/domain";
import type { OrderEffects } from "./move-order";

/** The order's escrowed total, out to the buyer (a refund) or the seller (a release). */
const escrowPosting = (order: Order, kind: "refund" | "escrow_release"): Posting => ({
  kind,
  currency: order.currency,
  amount: order.total,
  from: { kind: "escrow", sellerId: order.sellerId },
  to: { kind: "user", userId: kind === "refund" ? order.buyerId : order.sellerId },
  memo: null,
  orderId: order.id,
});

/** Escrow pays the seller. */
export const releaseEscrow: OrderEffects = async (repos, order) => {
  await repos.ledger.post([escrowPosting(order, "escrow_release")]);
  return { balanceUserIds: [order.sellerId], productIds: [] };
};

/** Escrow goes back to the buyer. */
export const refundEscrow: OrderEffects = async (repos, order) => {
  await repos.ledger.post([escrowPosting(order, "refund")]);
  return { balanceUserIds: [order.buyerId], productIds: [] };
};
