import Link from "next/link";
import type { ErrorView } from "@/lib/errors";

export function ErrorAlert({ error, onRetry }: { error: ErrorView; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <h2>{error.title}</h2>
      <p>{error.message}</p>
      {(error.next || onRetry) && (
        <div className="actions">
          {error.next && (
            <Link className="btn btn-small" href={error.next.href}>
              {error.next.label}
            </Link>
          )}
          {onRetry && (
            <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
      )}
    </div>
  );
}
