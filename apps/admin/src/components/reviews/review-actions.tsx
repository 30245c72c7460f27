"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { adminReviewHideInput, sellerReviewReplyInput } from "@caribex/contracts";
import { REVIEW_BOUNDS } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { FieldError, InlineError } from "@/components/ui";

/** A short text form checked with the API's own schema, so both refuse the same with the same words. */
function TextAction({
  id,
  open,
  label,
  submitLabel,
  max,
  check,
  pending,
  failure,
  onSubmit,
}: {
  id: string;
  open: string;
  label: string;
  submitLabel: string;
  max: number;
  check: (text: string) => string | null;
  pending: boolean;
  failure: ErrorView | null;
  onSubmit: (text: string) => void;
}) {
  const [shown, setShown] = useState(false);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  if (!shown) {
    return (
      <button type="button" className="button button-small button-secondary" onClick={() => setShown(true)}>
        {open}
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = check(text);
    setProblem(found);
    if (!found) onSubmit(text.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        value={text}
        maxLength={max}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} messages={problem ? [problem] : undefined} />
      <button type="submit" className="button button-small" disabled={pending} aria-busy={pending}>
        {submitLabel}
      </button>
      <InlineError error={failure} />
    </form>
  );
}

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? null : (r.error?.issues[0]?.message ?? "Check the text"));

/** The seller's one reply to a review of their product. */
export function ReplyToReview({ reviewId }: { reviewId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const reply = useMutation(trpc.seller.review.reply.mutationOptions({ onSuccess: () => router.refresh(), onError: (e) => setFailure(describeError(e)) }));
  return (
    <TextAction
      id={`reply-${reviewId}`}
      open="Reply…"
      label="Your public reply (one per review)"
      submitLabel="Publish reply"
      max={REVIEW_BOUNDS.reply.max}
      check={(body) => firstIssue(sellerReviewReplyInput.safeParse({ reviewId, body }))}
      pending={reply.isPending}
      failure={failure}
      onSubmit={(body) => reply.mutate({ reviewId, body })}
    />
  );
}

/** An admin hides a review from the product page, with the reason its buyer and seller will see. */
export function HideReview({ reviewId }: { reviewId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const hide = useMutation(trpc.admin.review.hide.mutationOptions({ onSuccess: () => router.refresh(), onError: (e) => setFailure(describeError(e)) }));
  return (
    <TextAction
      id={`hide-${reviewId}`}
      open="Hide…"
      label="Reason for hiding"
      submitLabel="Hide review"
      max={REVIEW_BOUNDS.hideReason.max}
      check={(reason) => firstIssue(adminReviewHideInput.safeParse({ reviewId, reason }))}
      pending={hide.isPending}
      failure={failure}
      onSubmit={(reason) => hide.mutate({ reviewId, reason })}
    />
  );
}
