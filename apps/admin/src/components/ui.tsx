import Link from "next/link";
import type { ReactNode } from "react";
import type { ErrorView } from "@/lib/errors";
import { StatusBadge as SharedStatusBadge } from "@caribex/ui/status-badge";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="muted">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function ErrorNotice({ error, children }: { error: ErrorView; children?: ReactNode }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{error.message}</p>
      {error.hint ? <p>{error.hint}</p> : null}
      {error.code ? <p className="muted small">Code: {error.code}</p> : null}
      {children}
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice-success" role="status">
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

const STATUS_TEXT: Record<string, string> = {
  pending: "Pending",
  paid: "Paid — to ship",
  shipped: "Shipped",
  completed: "Completed",
  cancelled: "Cancelled",
  disputed: "Disputed",
  refunded: "Refunded",
  active: "Active",
  archived: "Archived",
  sold_out: "Sold out",
};

/** The shared badge, in the dashboard's stylesheet and words. */
export function StatusBadge({ status }: { status: string }) {
  return <SharedStatusBadge status={status} label={STATUS_TEXT[status] ?? status} classPrefix="badge" />;
}

export function Pagination({ page, pageCount, href, label = "Pages" }: { page: number; pageCount: number; href: (page: number) => string; label?: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span aria-disabled="true" className="disabled">
          ← Previous
        </span>
      )}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span aria-disabled="true" className="disabled">
          Next →
        </span>
      )}
    </nav>
  );
}

export function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(" ")}
    </p>
  );
}

/** A short failure shown beside the control that caused it; an ErrorView also says what to do next. */
export function InlineError({ id, error }: { id?: string; error: ErrorView | string | null }) {
  if (!error) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {typeof error === "string" ? error : error.hint ? `${error.message} ${error.hint}` : error.message}
    </span>
  );
}
