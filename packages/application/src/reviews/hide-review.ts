import type { Review } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { reviewNotFound } from "./reply-to-review";
import { reviewChanged } from "./review-changed";

/**
 * An admin takes a review off the product page with a reason, once; it leaves the product's ratings too. Its
 * buyer and seller still see it, marked hidden.
 */
export async function hideReview(ctx: Ctx, caller: Caller, input: { reviewId: string; reason: string }): Promise<Review> {
  requireRole(caller, "admin");
  const review = await ctx.uow.run(asUser(caller), async (repos) => {
    const hidden = await repos.reviews.hide(input.reviewId, caller.id, input.reason);
    if (hidden) return hidden;
    // Already hidden (or never there): nothing changes, and the caller sees the review as it stands.
    const existing = await repos.reviews.findById(input.reviewId);
    if (!existing) throw reviewNotFound();
    return existing;
  });
  return reviewChanged(ctx, review);
}
