"use client";

import { describeError } from "@/lib/errors";
import { ErrorNotice } from "@/components/ui";

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const view = describeError(error);
  return (
    <main id="main" className="content narrow">
      <h1>This page could not load</h1>
      <ErrorNotice error={view}>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </ErrorNotice>
    </main>
  );
}
