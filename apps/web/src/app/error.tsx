"use client";

import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="card empty" role="alert">
      <h1>Something went wrong</h1>
      <p>We could not load this page. It may be a hiccup on our side or your connection.</p>
      <div className="actions" style={{ justifyContent: "center" }}>
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
        <a className="btn btn-secondary" href="/">
          Go home
        </a>
      </div>
    </div>
  );
}
