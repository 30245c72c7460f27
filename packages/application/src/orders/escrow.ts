import { escrowPayoutPosting, type EscrowPayoutStatus } from "@caribex/domain";
import type { OrderEffects } from "./move-order";

/** Empties the order's escrow for the end it reached (the domain says to whom), in the move's transaction. */
const payOut =
  (end: EscrowPayoutStatus): OrderEffects =>
  async (repos, order) => {
    const posting = escrowPayoutPosting(order, end);
    await repos.ledger.post([posting]);
    return { balanceUserIds: posting.to.kind === "user" ? [posting.to.userId] : [], productIds: [] };
  };

/** Escrow pays the seller: the order is completed. */
export const releaseEscrow = payOut("completed");

/** Escrow goes back to the buyer of a cancelled order. */
export const refundCancelled = payOut("cancelled");

/** Escrow goes back to the buyer: a dispute settled for them. */
export const refundDisputed = payOut("refunded");
