"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";

const when = (d: Date) => d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * The caller's withdrawals that wait behind a risk hold (a first withdrawal to an address, a review), with the
 * reason and when it leaves, and a Cancel that asks for confirmation first. What the server says decides.
 */
export function HeldWithdrawals() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const held = useQuery({ ...trpc.wallet.withdrawalHolds.list.queryOptions(), refetchInterval: 30_000 });
  const [confirming, setConfirming] = useState<string | null>(null);
  const cancel = useMutation(
    trpc.wallet.withdrawalHolds.cancel.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
      },
    }),
  );
  if (!held.data || held.data.length === 0) return null;

  return (
    <section className="stack" aria-labelledby="held-withdrawals-title">
      <h3 id="held-withdrawals-title">Waiting to be sent</h3>
      <ul className="stack" aria-label="Withdrawals on hold">
        {held.data.map((w) => (
          <li key={w.id} className="stack card">
            <p>
              <strong>{money(w.amount, "USDC", "full")}</strong> to <span className="mono">{w.to}</span>
            </p>
            <ul>
              {w.holds
                .filter((h) => h.status === "held")
                .map((h) => (
                  <li key={h.id}>{h.reason}</li>
                ))}
            </ul>
            <p className="hint">
              {w.awaitingReview
                ? "It leaves once our team has reviewed it."
                : w.leavesAt
                  ? `It leaves at ${when(w.leavesAt)} unless you cancel it.`
                  : "It leaves shortly."}
            </p>
            {confirming === w.id ? (
              <div className="stack" role="group" aria-labelledby={`cancel-${w.id}`}>
                <p id={`cancel-${w.id}`}>Cancel this withdrawal? {money(w.amount, "USDC", "full")} goes back to your wallet.</p>
                {cancel.isError && <ErrorAlert error={describeError(cancel.error)} />}
                <div className="actions">
                  <button type="button" className="btn" onClick={() => cancel.mutate({ id: w.id })} disabled={cancel.isPending} aria-busy={cancel.isPending}>
                    {cancel.isPending ? "Cancelling…" : "Yes, cancel it"}
                  </button>
                  <button type="button" className="btn btn-secondary" onClick={() => setConfirming(null)} disabled={cancel.isPending}>
                    Keep it
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => {
                  cancel.reset();
                  setConfirming(w.id);
                }}
              >
                Cancel withdrawal
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
