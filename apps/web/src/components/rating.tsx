/** Five stars, filled to the nearest whole star; decoration only, since the text beside them says the number. */
export function Stars({ value }: { value: number }) {
  const full = Math.max(0, Math.min(5, Math.round(value)));
  return (
    <span className="stars" aria-hidden="true">
      {"★".repeat(full)}
      {"☆".repeat(5 - full)}
    </span>
  );
}

export const reviewCount = (count: number) => `${count} ${count === 1 ? "review" : "reviews"}`;

/** "★★★★☆ 4.3 out of 5 · 12 reviews", or that there are none yet: what catalogue cards and the product page show. */
export function RatingSummary({ rating, href }: { rating: { average: number | null; count: number }; href?: string }) {
  if (rating.average === null || rating.count === 0) return <span className="hint rating">No reviews yet</span>;
  const text = (
    <>
      {rating.average.toFixed(1)}
      <span className="visually-hidden"> out of 5 stars</span> · {reviewCount(rating.count)}
    </>
  );
  return (
    <span className="rating">
      <Stars value={rating.average} /> {href ? <a href={href}>{text}</a> : text}
    </span>
  );
}
