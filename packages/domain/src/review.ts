/**
 * Verified-buyer reviews: who may write one, how long its text may be, and how a product's ratings add up. The
 * database enforces the same (reviews_rating_check, the insert policy and reviews_guard); the apps and the API
 * import the bounds from here.
 */

export const REVIEW_RATINGS = [1, 2, 3, 4, 5] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];

/** Characters, after trimming. */
export const REVIEW_BOUNDS = {
  body: { min: 10, max: 2000 },
  reply: { min: 2, max: 2000 },
  hideReason: { min: 3, max: 500 },
} as const;

/** Reviews per page of `review.list`. */
export const REVIEW_PAGE_SIZE = 10;

/**
 * Review text is plain text: anything that looks like an HTML tag, comment or entity is refused rather than
 * stripped, so what the buyer sees in the form is exactly what is published.
 */
const HTML = /<\s*\/?\s*[a-z!?][^>]*>|<!--|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

export function containsHtml(text: string): boolean {
  return HTML.test(text);
}

/** How many visible reviews gave each number of stars: index 0 is one star, index 4 five stars. */
export type RatingDistribution = readonly [number, number, number, number, number];

export const NO_RATINGS: RatingDistribution = [0, 0, 0, 0, 0];

export interface RatingSummary {
  /** The mean of the visible reviews' stars to one decimal place; null while there is none. */
  average: number | null;
  count: number;
}

/** The summary of a distribution: the mean rounded half up to one decimal, so 4.25 shows as 4.3. */
export function summarizeRatings(distribution: RatingDistribution): RatingSummary {
  const count = distribution.reduce((a, n) => a + n, 0);
  if (count === 0) return { average: null, count: 0 };
  const stars = distribution.reduce((a, n, i) => a + n * (i + 1), 0);
  // Integer arithmetic: tenths of a star, rounded half up.
  const tenths = Math.floor((stars * 20 + count) / (2 * count));
  return { average: tenths / 10, count };
}

/** Why an order line cannot be reviewed by the caller, or null when it can. */
export type ReviewRefusal = "NOT_BUYER" | "NOT_COMPLETED" | "ALREADY_REVIEWED" | "OWN_PRODUCT";

export interface ReviewTarget {
  orderItemId: string;
  productId: string;
  sellerId: string;
  buyerId: string;
  orderStatus: string;
  /** The review already written for this line, if any. */
  reviewId: string | null;
}

/** One rule for the API and the order page: only the buyer of a completed line, once, and never a seller of their own product. */
export function reviewRefusal(target: ReviewTarget, userId: string): ReviewRefusal | null {
  if (target.buyerId !== userId) return "NOT_BUYER";
  if (target.sellerId === userId) return "OWN_PRODUCT";
  if (target.orderStatus !== "completed") return "NOT_COMPLETED";
  if (target.reviewId !== null) return "ALREADY_REVIEWED";
  return null;
}

export interface Review {
  id: string;
  orderItemId: string;
  productId: string;
  productTitle: string;
  buyerId: string;
  buyerName: string;
  sellerId: string;
  rating: number;
  body: string;
  reply: string | null;
  repliedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  createdAt: Date;
}

export interface ReviewDraft {
  orderItemId: string;
  productId: string;
  buyerId: string;
  sellerId: string;
  rating: number;
  body: string;
}

export interface ReviewQuery {
  productId?: string;
  sellerId?: string;
  /** Hidden reviews too (a seller's or an admin's list). */
  includeHidden?: boolean;
  cursor?: string;
  limit: number;
}

export interface ReviewPage {
  items: Review[];
  nextCursor: string | null;
}

/** A line of an order with its review, for the buyer's order page. */
export interface ReviewableLine {
  orderItemId: string;
  productId: string;
  title: string;
  review: Review | null;
}

/** A product's ratings as the catalogue shows them. */
export interface ProductRating extends RatingSummary {
  /** Visible reviews per number of stars, one star first. */
  distribution: number[];
}
