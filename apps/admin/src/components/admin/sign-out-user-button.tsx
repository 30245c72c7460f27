"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { InlineError } from "@/components/ui";

/** Ends every session of the user at once (a lost device, a suspected account takeover). */
export function SignOutUserButton({ userId, username }: { userId: string; username: string }) {
  const trpc = useTRPC();
  const id = useId();
  const [error, setError] = useState<ErrorView | null>(null);
  const [done, setDone] = useState(false);
  const signOut = useMutation(
    trpc.admin.user.signOut.mutationOptions({
      onSuccess: () => {
        setError(null);
        setDone(true);
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <span className="inline-form">
      <button
        type="button"
        className="button-small button-secondary"
        disabled={signOut.isPending}
        aria-label={`Sign out everywhere: ${username}`}
        aria-describedby={error ? `${id}-err` : undefined}
        onClick={() => {
          setDone(false);
          signOut.mutate({ userId });
        }}
      >
        {signOut.isPending ? "Signing out…" : "Sign out everywhere"}
      </button>
      {done && !error ? (
        <span role="status" className="small muted">
          Signed out
        </span>
      ) : null}
      <InlineError id={`${id}-err`} error={error} />
    </span>
  );
}
