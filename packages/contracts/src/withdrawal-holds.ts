import { z } from "zod";
import { idSchema } from "./shared";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);

/** One risk rule a withdrawal waits behind, with the reason its owner and the admins read. */
export const withdrawalHoldSchema = z.object({
  id: z.string(),
  rule: z.enum(["new_address", "review", "dual_review"]),
  reason: z.string(),
  status: z.enum(["held", "cleared", "cancelled", "rejected"]),
  /** new_address: when it clears by itself. */
  releaseAt: z.date().nullable(),
  approvalsNeeded: z.number().int(),
  approvals: z.number().int(),
});

/** A withdrawal waiting behind its holds (USDC base units). */
export const heldWithdrawalSchema = z.object({
  id: z.string(),
  userId: z.string(),
  amount: z.bigint(),
  to: hex,
  createdAt: z.date(),
  holds: z.array(withdrawalHoldSchema),
  /** When its time holds end; it leaves then unless a review still waits. */
  leavesAt: z.date().nullable(),
  awaitingReview: z.boolean(),
  /** Admins only: whether the caller approved it already. */
  approvedByYou: z.boolean().optional(),
});

export const walletWithdrawalHoldsListOutput = z.array(heldWithdrawalSchema);
export const walletWithdrawalHoldsCancelInput = z.object({ id: idSchema });
export const walletWithdrawalHoldsCancelOutput = heldWithdrawalSchema;

export const adminWithdrawalReviewsListOutput = z.array(heldWithdrawalSchema);
export const adminWithdrawalReviewsApproveInput = z.object({ id: idSchema });
export const adminWithdrawalReviewsRejectInput = z.object({ id: idSchema, reason: z.string().trim().min(3).max(500) });
export const adminWithdrawalReviewsDecisionOutput = heldWithdrawalSchema;
