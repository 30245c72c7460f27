"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { ErrorNotice } from "@/components/ui";

/** The switch that stops new withdrawals (the sender still finishes what is already on its way). */
export function PauseSwitch({ paused }: { paused: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const set = useMutation(
    trpc.admin.chain.withdrawals.setPaused.mutationOptions({ onSuccess: () => router.refresh(), onError: (e) => setFailure(describeError(e)) }),
  );
  return (
    <div>
      <p>Withdrawals are {paused ? <strong>paused</strong> : "open"}.</p>
      <button type="button" className="button" disabled={set.isPending} onClick={() => set.mutate({ paused: !paused })}>
        {paused ? "Resume withdrawals" : "Pause withdrawals"}
      </button>
      {failure && <ErrorNotice error={failure} />}
    </div>
  );
}

/** Credits a deposit from an unknown address to the user an admin matched it to. */
export function AssignSuspense({ depositId }: { depositId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const assign = useMutation(
    trpc.admin.chain.suspense.assign.mutationOptions({ onSuccess: () => router.refresh(), onError: (e) => setFailure(describeError(e)) }),
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        assign.mutate({ depositId, userId: userId.trim() });
      }}
    >
      <label htmlFor={`assign-${depositId}`} className="visually-hidden">
        User id
      </label>
      <input id={`assign-${depositId}`} value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="User id" />
      <button type="submit" className="button button-small" disabled={assign.isPending || !userId.trim()}>
        Assign
      </button>
      {failure && <ErrorNotice error={failure} />}
    </form>
  );
}

/** Takes a proof-of-liabilities snapshot now (the job takes one on its schedule) and shows what was published. */
export function TakeLiabilitySnapshot() {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const take = useMutation(
    trpc.admin.chain.liabilities.take.mutationOptions({
      onSuccess: () => {
        setFailure(null);
        router.refresh();
      },
      onError: (e) => setFailure(describeError(e)),
    }),
  );
  return (
    <div>
      <button type="button" className="button" disabled={take.isPending} onClick={() => take.mutate()}>
        {take.isPending ? "Taking snapshot…" : "Take liability snapshot"}
      </button>
      {take.data && (
        <p role="status">
          Published snapshot <span className="mono">{take.data.root}</span> of {take.data.users} users.
          {take.data.anchorError ? ` Anchoring the root on chain failed: ${take.data.anchorError}` : ""}
        </p>
      )}
      {failure && <ErrorNotice error={failure} />}
    </div>
  );
}
