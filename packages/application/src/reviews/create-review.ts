import { DomainError, reviewRefusal, type Review } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { reviewChanged } from "./review-changed";

const REFUSALS = {
  NOT_BUYER: "Only the buyer of this item can review it",
  OWN_PRODUCT: "Sellers cannot review their own products",
  NOT_COMPLETED: "An item can be reviewed once its order is completed",
} as const;

/**
 * The buyer of a completed order line reviews its product, once per line. The insert policy and the unique
 * index on the line refuse the same in the database, so two concurrent submissions still make one review.
 */
export async function createReview(ctx: Ctx, caller: Caller, input: { orderItemId: string; rating: number; body: string }): Promise<Review> {
  const review = await ctx.uow.run(asUser(caller), async (repos) => {
    const target = await repos.reviews.target(input.orderItemId);
    // A line the caller cannot see is one they did not buy; its existence is not theirs to learn.
    if (!target) throw new DomainError("REVIEW.NOT_ALLOWED", REFUSALS.NOT_BUYER, { reason: "NOT_BUYER" });
    const refusal = reviewRefusal(target, caller.id);
    if (refusal === "ALREADY_REVIEWED") {
      throw new DomainError("REVIEW.ALREADY_REVIEWED", "You have already reviewed this item", { reviewId: target.reviewId });
    }
    if (refusal) throw new DomainError("REVIEW.NOT_ALLOWED", REFUSALS[refusal], { reason: refusal });
    return repos.reviews.create({
      orderItemId: target.orderItemId,
      productId: target.productId,
      buyerId: caller.id,
      sellerId: target.sellerId,
      rating: input.rating,
      body: input.body,
    });
  });
  return reviewChanged(ctx, review);
}
