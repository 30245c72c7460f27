"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { ErrorAlert } from "@/components/error-alert";
import { describeError } from "@/lib/errors";

export function SignOutEverywhere() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const signOut = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        window.location.assign("/sign-in");
      },
    }),
  );
  return (
    <div className="stack">
      {signOut.error && <ErrorAlert error={describeError(signOut.error)} />}
      {asking ? (
        <div className="alert alert-warn actions" role="group" aria-label="Confirm sign out everywhere">
          <span>Sign out of CaribEX on every device, including this one?</span>
          <button type="button" className="btn btn-danger btn-small" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
            {signOut.isPending ? "Signing out…" : "Yes, sign out everywhere"}
          </button>
          <button type="button" className="btn btn-secondary btn-small" disabled={signOut.isPending} onClick={() => setAsking(false)}>
            Keep me signed in
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-danger" onClick={() => setAsking(true)}>
            Sign out everywhere
          </button>
        </div>
      )}
    </div>
  );
}
