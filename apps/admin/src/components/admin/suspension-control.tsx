"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { SUSPENSION_REASON_MAX } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { formatDate } from "@/lib/money";
import { InlineError } from "@/components/ui";

interface Props {
  userId: string;
  username: string;
  suspendedAt: Date | null;
  suspensionReason: string | null;
  /** Admins (and the viewer) cannot be suspended; the control says so instead of offering it. */
  suspendable: boolean;
}

/**
 * Suspends a user (asks first: they are signed out everywhere and can neither sign in nor move money) or shows
 * why they are suspended, with a way to lift it.
 */
export function SuspensionControl({ userId, username, suspendedAt, suspensionReason, suspendable }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ErrorView | string | null>(null);
  const handlers = {
    onSuccess: () => {
      setError(null);
      setReason("");
      router.refresh();
    },
    onError: (e: unknown) => setError(describeError(e)),
  };
  const suspend = useMutation(trpc.admin.user.suspend.mutationOptions(handlers));
  const unsuspend = useMutation(trpc.admin.user.unsuspend.mutationOptions(handlers));

  if (suspendedAt) {
    return (
      <div>
        <p className="small">
          <strong>Suspended</strong> since {formatDate(suspendedAt)}
          {suspensionReason ? <>: {suspensionReason}</> : null}
        </p>
        <button
          type="button"
          className="button-small button-secondary"
          disabled={unsuspend.isPending}
          aria-label={`Lift the suspension of ${username}`}
          aria-describedby={error ? `${id}-err` : undefined}
          onClick={() => {
            if (window.confirm(`Lift the suspension of ${username}? They can sign in and move money again.`)) unsuspend.mutate({ userId });
          }}
        >
          {/* The visible words stay inside the accessible name ("Lift the suspension of …"), also while it is sent. */}
          Lift the suspension
        </button>
        <InlineError id={`${id}-err`} error={error} />
      </div>
    );
  }
  if (!suspendable) return <span className="small muted">Active</span>;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const why = reason.trim();
        if (!why) {
          setError("Say why you are suspending this user.");
          return;
        }
        if (window.confirm(`Suspend ${username}? They are signed out everywhere and cannot sign in or move money until you lift it.`)) {
          suspend.mutate({ userId, reason: why });
        }
      }}
    >
      <label htmlFor={`${id}-reason`} className="visually-hidden">
        Reason for suspending {username}
      </label>
      <input
        id={`${id}-reason`}
        value={reason}
        maxLength={SUSPENSION_REASON_MAX}
        placeholder="Reason"
        onChange={(e) => {
          setReason(e.target.value);
          if (error && e.target.value.trim()) setError(null);
        }}
        aria-describedby={error ? `${id}-err` : undefined}
        aria-invalid={error ? true : undefined}
      />
      <button type="submit" className="button-small button-danger" disabled={suspend.isPending} aria-label={`Suspend ${username}`}>
        {suspend.isPending ? "Suspending…" : "Suspend"}
      </button>
      <InlineError id={`${id}-err`} error={error} />
    </form>
  );
}
