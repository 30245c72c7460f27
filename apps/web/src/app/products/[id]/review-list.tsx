"use client";

import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@caribex/api";
import { LocalTime } from "@caribex/ui/local-time";
import { describeError } from "@/lib/errors";
import { Stars } from "@/components/rating";

type ReviewPage = inferRouterOutputs<AppRouter>["review"]["list"];

/**
 * The first page comes from the server; "More reviews" fetches the next one after the last review shown. The
 * product page has no query provider (showing a product loads no query library), so the client stack is loaded
 * on the first press, as "Add to cart" does.
 */
export function ReviewList({ productId, first }: { productId: string; first: ReviewPage }) {
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const { browserStack } = await import("@/lib/trpc/stack");
      const page = await browserStack().trpcClient.review.list.query({ productId, cursor });
      setItems((shown) => [...shown, ...page.items.filter((r) => !shown.some((s) => s.id === r.id))]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <ul className="review-list" aria-label="Reviews, newest first">
        {items.map((r) => (
          <li key={r.id}>
            <article aria-label={`Review by ${r.buyerName}`}>
              <p style={{ margin: 0 }}>
                <Stars value={r.rating} /> <strong>{r.rating} out of 5 stars</strong>
              </p>
              <p className="hint" style={{ margin: 0 }}>
                {r.buyerName} · verified purchase · <LocalTime at={r.createdAt} />
              </p>
              <p className="review-body">{r.body}</p>
              {r.reply && (
                <div className="review-reply">
                  <p className="hint" style={{ margin: 0 }}>
                    Reply from the seller
                  </p>
                  <p className="review-body">{r.reply}</p>
                </div>
              )}
            </article>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {cursor && (
        <button type="button" className="btn btn-secondary" onClick={() => void more()} disabled={loading} aria-busy={loading}>
          {loading ? "Loading reviews…" : "More reviews"}
        </button>
      )}
    </>
  );
}
