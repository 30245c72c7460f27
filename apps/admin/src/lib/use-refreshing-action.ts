"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeError, type ErrorView } from "./errors";

/**
 * What most dashboard actions do after the server answers: on success, clear the last error and re-render the
 * page's server data; on failure, keep the error to show beside the action. Spread `callbacks` into a mutation's
 * options.
 */
export function useRefreshingAction(after?: () => void) {
  const router = useRouter();
  const [error, setError] = useState<ErrorView | null>(null);
  return {
    error,
    setError,
    callbacks: {
      onSuccess: () => {
        setError(null);
        after?.();
        router.refresh();
      },
      onError: (e: unknown) => setError(describeError(e)),
    },
  };
}
