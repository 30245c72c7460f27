import {
  adminWithdrawalReviewsApproveInput,
  adminWithdrawalReviewsDecisionOutput,
  adminWithdrawalReviewsListOutput,
  adminWithdrawalReviewsRejectInput,
  walletWithdrawalHoldsCancelInput,
  walletWithdrawalHoldsCancelOutput,
  walletWithdrawalHoldsListOutput,
} from "@caribex/contracts";
import { adminProcedure, authedProcedure, router } from "../../trpc";

/** `wallet.withdrawalHolds`: the caller's withdrawals waiting behind a risk hold, and cancelling one. */
export const walletWithdrawalHoldsRouter = router({
  list: authedProcedure.output(walletWithdrawalHoldsListOutput).query(({ ctx }) => ctx.services.withdrawalHolds.mine(ctx.user)),
  cancel: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .input(walletWithdrawalHoldsCancelInput)
    .output(walletWithdrawalHoldsCancelOutput)
    .mutation(({ ctx, input }) => ctx.services.withdrawalHolds.cancel(ctx.user, input)),
});

/** `admin.withdrawalReviews`: the review queue, and approving or rejecting a held withdrawal. */
export const adminWithdrawalReviewsRouter = router({
  list: adminProcedure.output(adminWithdrawalReviewsListOutput).query(({ ctx }) => ctx.services.withdrawalHolds.reviews(ctx.user)),
  approve: adminProcedure
    .meta({ rateLimit: "sensitive" })
    .input(adminWithdrawalReviewsApproveInput)
    .output(adminWithdrawalReviewsDecisionOutput)
    .mutation(({ ctx, input }) => ctx.services.withdrawalHolds.approve(ctx.user, input)),
  reject: adminProcedure
    .meta({ rateLimit: "sensitive" })
    .input(adminWithdrawalReviewsRejectInput)
    .output(adminWithdrawalReviewsDecisionOutput)
    .mutation(({ ctx, input }) => ctx.services.withdrawalHolds.reject(ctx.user, input)),
});
