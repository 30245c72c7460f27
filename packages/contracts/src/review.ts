import { containsHtml, REVIEW_BOUNDS, REVIEW_RATINGS } from "@caribex/domain";
import { z } from "zod";
import { BOUNDS, idSchema, labelledText } from "./shared";

/** Plain text within bounds, trimmed; anything that looks like HTML is refused with a message naming the field. */
const plainText = (label: string, bounds: { min: number; max: number }) =>
  labelledText(label, bounds.min, bounds.max).refine((s) => !containsHtml(s), `${label} is plain text: no HTML tags or entities`);

export const reviewRatingSchema = z
  .number({ error: "Choose from 1 to 5 stars" })
  .int("Choose from 1 to 5 stars")
  .min(REVIEW_RATINGS[0], "Choose from 1 to 5 stars")
  .max(REVIEW_RATINGS[REVIEW_RATINGS.length - 1]!, "Choose from 1 to 5 stars");
export const reviewBodySchema = plainText("The review", REVIEW_BOUNDS.body);
export const reviewReplySchema = plainText("The reply", REVIEW_BOUNDS.reply);
export const reviewHideReasonSchema = plainText("The reason", REVIEW_BOUNDS.hideReason);

/** A product's ratings on catalogue cards: the visible reviews' mean (one decimal; null without any) and count. */
export const ratingSummarySchema = z.object({ average: z.number().nullable(), count: z.number().int() });
/** On the product page, also how many reviews gave each number of stars (one star first). */
export const productRatingSchema = ratingSummarySchema.extend({ distribution: z.array(z.number().int()).length(5) });

/** A review as anyone reads it on the product page. */
export const publicReviewSchema = z.object({
  id: z.string(),
  productId: z.string(),
  buyerName: z.string(),
  rating: z.number().int(),
  body: z.string(),
  reply: z.string().nullable(),
  repliedAt: z.date().nullable(),
  createdAt: z.date(),
});
/** A review as its buyer, its seller and admins see it: with the product and whether (and why) it is hidden. */
export const reviewSchema = publicReviewSchema.extend({
  orderItemId: z.string(),
  productTitle: z.string(),
  hiddenAt: z.date().nullable(),
  hiddenReason: z.string().nullable(),
});

const cursorSchema = z.string().min(1).max(BOUNDS.cursor);
const reviewPage = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const reviewCreateInput = z.object({ orderItemId: idSchema, rating: reviewRatingSchema, body: reviewBodySchema });
export const reviewCreateOutput = reviewSchema;
export const reviewListInput = z.object({ productId: idSchema, cursor: cursorSchema.optional() });
export const reviewListOutput = reviewPage(publicReviewSchema);
export const reviewForOrderInput = z.object({ orderId: idSchema });
export const reviewForOrderOutput = z.array(
  z.object({ orderItemId: z.string(), productId: z.string(), title: z.string(), review: reviewSchema.nullable(), canReview: z.boolean() }),
);

export const sellerReviewListInput = z.object({ productId: idSchema.optional(), cursor: cursorSchema.optional() }).optional();
export const sellerReviewListOutput = reviewPage(reviewSchema);
export const sellerReviewReplyInput = z.object({ reviewId: idSchema, body: reviewReplySchema });
export const sellerReviewReplyOutput = reviewSchema;

export const adminReviewListInput = sellerReviewListInput;
export const adminReviewListOutput = reviewPage(reviewSchema);
export const adminReviewHideInput = z.object({ reviewId: idSchema, reason: reviewHideReasonSchema });
export const adminReviewHideOutput = reviewSchema;
