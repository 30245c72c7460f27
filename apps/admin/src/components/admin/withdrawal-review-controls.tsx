"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { ErrorNotice } from "@/components/ui";

/** Approve a held withdrawal, or reject it with a reason (the user is refunded in full). */
export function ReviewDecision({ withdrawalId, approvedByYou }: { withdrawalId: string; approvedByYou: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const done = { onSuccess: () => router.refresh(), onError: (e: unknown) => setFailure(describeError(e)) };
  const approve = useMutation(trpc.admin.withdrawalReviews.approve.mutationOptions(done));
  const reject = useMutation(trpc.admin.withdrawalReviews.reject.mutationOptions(done));
  const busy = approve.isPending || reject.isPending;
  return (
    <div>
      {approvedByYou ? (
        <p className="muted small">You approved it; another administrator must too.</p>
      ) : (
        <button type="button" className="button button-small" disabled={busy} onClick={() => approve.mutate({ id: withdrawalId })}>
          Approve
        </button>
      )}
      {rejecting ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate({ id: withdrawalId, reason: reason.trim() });
          }}
        >
          <label htmlFor={`reject-${withdrawalId}`}>Reason for rejecting</label>
          <input id={`reject-${withdrawalId}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="button button-small" disabled={busy || reason.trim().length < 3}>
            Reject and refund
          </button>
        </form>
      ) : (
        <button type="button" className="button button-small" disabled={busy} onClick={() => setRejecting(true)}>
          Reject…
        </button>
      )}
      {failure && <ErrorNotice error={failure} />}
    </div>
  );
}
