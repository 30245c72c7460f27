import { getApi } from "@/lib/trpc/server";
import { RatingSummary, reviewCount } from "@/components/rating";
import { ReviewList } from "./review-list";

/**
 * The product's ratings (average, count and how many gave each number of stars, all as text) and its reviews,
 * newest first. A failure to load the reviews never breaks the product page.
 */
export async function Reviews({ productId, rating }: { productId: string; rating: { average: number | null; count: number; distribution: number[] } }) {
  const api = await getApi();
  const first = await api.review.list.query({ productId }).catch(() => null);
  return (
    <section id="reviews" className="card stack" style={{ marginTop: "1.5rem" }} aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <p>
        <RatingSummary rating={rating} />
      </p>
      {rating.count > 0 && (
        <ul className="rating-bars" aria-label="Ratings by number of stars">
          {[5, 4, 3, 2, 1].map((stars) => {
            const n = rating.distribution[stars - 1] ?? 0;
            return (
              <li key={stars}>
                <span>
                  {stars} {stars === 1 ? "star" : "stars"}
                </span>
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${Math.round((n / rating.count) * 100)}%` }} />
                </span>
                <span className="hint">{reviewCount(n)}</span>
              </li>
            );
          })}
        </ul>
      )}
      {first === null ? (
        <p className="hint">Reviews could not be loaded just now.</p>
      ) : first.items.length === 0 ? (
        <p className="muted">Nobody has reviewed this product yet. Buyers can review it once their order is completed.</p>
      ) : (
        <ReviewList productId={productId} first={first} />
      )}
    </section>
  );
}
