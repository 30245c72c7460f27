import { ANONYMOUS, DomainError, REVIEW_PAGE_SIZE, type ReviewableLine, type ReviewPage } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

/** A product's visible reviews, newest first: the same for everyone, so read as nobody in particular. */
export function listProductReviews(ctx: Ctx, input: { productId: string; cursor?: string }): Promise<ReviewPage> {
  return ctx.uow.run(ANONYMOUS, (repos) => repos.reviews.list({ productId: input.productId, cursor: input.cursor, limit: REVIEW_PAGE_SIZE }));
}

/** The reviews of the seller's products, hidden ones included (marked), newest first. */
export function listSellerReviews(ctx: Ctx, caller: Caller, input: { productId?: string; cursor?: string } = {}): Promise<ReviewPage> {
  requireRole(caller, "seller", "admin");
  return ctx.uow.run(asUser(caller), (repos) =>
    repos.reviews.list({ sellerId: caller.id, productId: input.productId, includeHidden: true, cursor: input.cursor, limit: REVIEW_PAGE_SIZE }),
  );
}

/** Every review, hidden ones included, for moderation. */
export function listAllReviews(ctx: Ctx, caller: Caller, input: { productId?: string; cursor?: string } = {}): Promise<ReviewPage> {
  requireRole(caller, "admin");
  return ctx.uow.run(asUser(caller), (repos) => repos.reviews.list({ productId: input.productId, includeHidden: true, cursor: input.cursor, limit: REVIEW_PAGE_SIZE }));
}

/**
 * The buyer's order page: each line with its review, and whether it may be reviewed now (the domain's rule, so
 * the page shows the form exactly when `review.create` would accept it).
 */
export async function orderReviewLines(ctx: Ctx, caller: Caller, orderId: string): Promise<(ReviewableLine & { canReview: boolean })[]> {
  return ctx.uow.run(asUser(caller), async (repos) => {
    const order = await repos.orders.findById(orderId);
    if (!order || order.buyerId !== caller.id) throw new DomainError("ORDER.NOT_FOUND", "No such order");
    const lines = await repos.reviews.linesOfOrder(orderId);
    return lines.map((l) => ({ ...l, canReview: order.status === "completed" && l.review === null && order.sellerId !== caller.id }));
  });
}
