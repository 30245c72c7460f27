import { DomainError, type Review } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

export const reviewNotFound = () => new DomainError("REVIEW.NOT_FOUND", "No such review");

/** The seller of the reviewed product answers once; a hidden review takes no reply. */
export async function replyToReview(ctx: Ctx, caller: Caller, input: { reviewId: string; body: string }): Promise<Review> {
  requireRole(caller, "seller", "admin");
  return ctx.uow.run(asUser(caller), async (repos) => {
    const replied = await repos.reviews.reply(input.reviewId, caller.id, input.body);
    if (replied) return replied;
    const review = await repos.reviews.findById(input.reviewId);
    if (!review || review.sellerId !== caller.id || review.hiddenAt) throw reviewNotFound();
    throw new DomainError("REVIEW.ALREADY_REPLIED", "This review already has your reply", { reviewId: review.id });
  });
}
