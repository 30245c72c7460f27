import {
  adminReviewHideInput,
  adminReviewHideOutput,
  adminReviewListInput,
  adminReviewListOutput,
  reviewCreateInput,
  reviewCreateOutput,
  reviewForOrderInput,
  reviewForOrderOutput,
  reviewListInput,
  reviewListOutput,
  sellerReviewListInput,
  sellerReviewListOutput,
  sellerReviewReplyInput,
  sellerReviewReplyOutput,
} from "@caribex/contracts";
import { adminProcedure, authedProcedure, publicProcedure, router, sellerProcedure } from "../../trpc";

/** Verified-buyer reviews: anyone reads a product's visible reviews; the buyer of a completed line writes one. */
export const reviewRouter = router({
  create: authedProcedure
    .meta({ openapi: { method: "POST", path: "/reviews", summary: "Review a product bought in a completed order (once per order line)", protect: true } })
    .input(reviewCreateInput)
    .output(reviewCreateOutput)
    .mutation(({ ctx, input }) => ctx.services.reviews.create(ctx.user, input)),
  list: publicProcedure
    .meta({ scope: "catalog:read" })
    .meta({ openapi: { method: "GET", path: "/products/{productId}/reviews", summary: "A product's reviews, newest first, a page at a time" } })
    .input(reviewListInput)
    .output(reviewListOutput)
    .query(({ ctx, input }) => ctx.services.reviews.listForProduct(input)),
  forOrder: authedProcedure
    .meta({ openapi: { method: "GET", path: "/orders/{orderId}/reviews", summary: "The lines of the caller's order, each with its review and whether it may be reviewed", protect: true } })
    .input(reviewForOrderInput)
    .output(reviewForOrderOutput)
    .query(({ ctx, input }) => ctx.services.reviews.linesOfOrder(ctx.user, input.orderId)),
});

/** The reviews of the seller's products, and their one reply to each. */
export const sellerReviewRouter = router({
  list: sellerProcedure
    .input(sellerReviewListInput)
    .output(sellerReviewListOutput)
    .query(({ ctx, input }) => ctx.services.reviews.listForSeller(ctx.user, input ?? {})),
  reply: sellerProcedure
    .input(sellerReviewReplyInput)
    .output(sellerReviewReplyOutput)
    .mutation(({ ctx, input }) => ctx.services.reviews.reply(ctx.user, input)),
});

/** Moderation: every review, and hiding one with a reason. */
export const adminReviewRouter = router({
  list: adminProcedure
    .input(adminReviewListInput)
    .output(adminReviewListOutput)
    .query(({ ctx, input }) => ctx.services.reviews.listAll(ctx.user, input ?? {})),
  hide: adminProcedure
    .input(adminReviewHideInput)
    .output(adminReviewHideOutput)
    .mutation(({ ctx, input }) => ctx.services.reviews.hide(ctx.user, input)),
});
