"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { reviewCreateInput } from "@caribex/contracts";
import { REVIEW_BOUNDS, REVIEW_RATINGS } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { ErrorAlert } from "@/components/error-alert";
import { Stars } from "@/components/rating";

/**
 * The order's lines with their reviews: a line the API says may be reviewed offers "Write a review". Shown only
 * once there is something to show (a completed order).
 */
export function OrderReviews({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const lines = useQuery(trpc.review.forOrder.queryOptions({ orderId }));
  const [writing, setWriting] = useState<string | null>(null);
  if (!lines.data || !lines.data.some((l) => l.canReview || l.review)) return null;
  return (
    <section className="card stack" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Your reviews</h2>
      <ul className="review-list">
        {lines.data.map((l) => (
          <li key={l.orderItemId}>
            <p style={{ margin: 0 }}>
              <Link href={`/products/${l.productId}`}>{l.title}</Link>
            </p>
            {l.review ? (
              <div>
                <p style={{ margin: 0 }}>
                  <Stars value={l.review.rating} /> {l.review.rating} out of 5 stars
                  {l.review.hiddenAt && <span className="hint"> · hidden by CaribEX: {l.review.hiddenReason}</span>}
                </p>
                <p className="review-body">{l.review.body}</p>
                {l.review.reply && <p className="review-reply review-body">Seller&apos;s reply: {l.review.reply}</p>}
              </div>
            ) : l.canReview && writing === l.orderItemId ? (
              <ReviewForm orderId={orderId} orderItemId={l.orderItemId} title={l.title} onDone={() => setWriting(null)} />
            ) : l.canReview ? (
              <button type="button" className="btn btn-secondary" onClick={() => setWriting(l.orderItemId)} aria-label={`Write a review of ${l.title}`}>
                Write a review
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

type Problems = { rating?: string; body?: string };

function ReviewForm({ orderId, orderItemId, title, onDone }: { orderId: string; orderItemId: string; title: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<number | null>(null);
  const [body, setBody] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  const create = useMutation(
    trpc.review.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.review.forOrder.queryKey({ orderId }) });
        onDone();
      },
    }),
  );
  // The API's own schema, so the form refuses exactly what the API would, with the same words.
  const validate = (r: number | null, b: string): Problems => {
    const parsed = reviewCreateInput.safeParse({ orderItemId, rating: r ?? undefined, body: b });
    if (parsed.success) return {};
    const out: Problems = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "rating" && !out.rating) out.rating = "Choose from 1 to 5 stars";
      if (field === "body" && !out.body) out.body = issue.message;
    }
    return out;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(rating, body);
    setProblems(found);
    if (!found.rating && !found.body) create.mutate({ orderItemId, rating: rating!, body: body.trim() });
  };
  const id = `review-${orderItemId}`;
  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={`Review of ${title}`}>
      <fieldset className="star-picker" aria-describedby={problems.rating ? `${id}-rating-error` : undefined}>
        <legend>Your rating</legend>
        <div className="options">
          {REVIEW_RATINGS.map((n) => (
            <label key={n}>
              <input
                type="radio"
                name={`${id}-rating`}
                value={n}
                checked={rating === n}
                onChange={() => {
                  setRating(n);
                  if (problems.rating) setProblems((p) => ({ ...p, rating: undefined }));
                }}
              />
              {n} {n === 1 ? "star" : "stars"}
            </label>
          ))}
        </div>
        {problems.rating && (
          <p className="field-error" id={`${id}-rating-error`}>
            {problems.rating}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-body`}>Your review</label>
        <textarea
          id={`${id}-body`}
          rows={4}
          value={body}
          maxLength={REVIEW_BOUNDS.body.max}
          onChange={(e) => {
            setBody(e.target.value);
            if (problems.body) setProblems((p) => ({ ...p, body: validate(rating, e.target.value).body }));
          }}
          aria-invalid={problems.body ? true : undefined}
          aria-describedby={problems.body ? `${id}-body-error` : `${id}-body-hint`}
        />
        <p className="hint" id={`${id}-body-hint`}>
          {REVIEW_BOUNDS.body.min} to {REVIEW_BOUNDS.body.max} characters, plain text.
        </p>
        {problems.body && (
          <p className="field-error" id={`${id}-body-error`}>
            {problems.body}
          </p>
        )}
      </div>
      {create.error && <ErrorAlert error={describeError(create.error)} />}
      <div className="actions">
        <button type="submit" className="btn" disabled={create.isPending} aria-busy={create.isPending}>
          {create.isPending ? "Publishing…" : "Publish review"}
        </button>
        <button type="button" className="btn btn-secondary" disabled={create.isPending} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
