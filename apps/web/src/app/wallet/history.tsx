"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { CURRENCIES, displayDateTime, type Currency } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { describeEntry } from "@/lib/wallet-entry";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";

export function History({ me }: { me: string }) {
  const trpc = useTRPC();
  const [currency, setCurrency] = useState<Currency | "">("");
  const history = useInfiniteQuery(
    trpc.wallet.history.infiniteQueryOptions(
      { limit: 10, ...(currency ? { currency } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="card" aria-labelledby="history-title">
      <div className="page-head">
        <h2 id="history-title">History</h2>
        <div>
          <label htmlFor="history-currency" className="visually-hidden">
            Show currency
          </label>
          <select id="history-currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency | "")}>
            <option value="">All currencies</option>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </div>
      {history.isPending ? (
        <BlockSkeleton lines={4} label="Loading history" />
      ) : history.isError ? (
        <ErrorAlert error={describeError(history.error)} onRetry={() => history.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">No transactions yet.</p>
      ) : (
        <>
          <table className="table responsive history-table" aria-label="Transactions">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => {
                const d = describeEntry(t, me);
                return (
                  <tr key={t.id} className="history-row">
                    <td className="history-when">
                      <time dateTime={t.createdAt.toISOString()}>{displayDateTime(t.createdAt)}</time>
                    </td>
                    <td className="history-what">
                      <strong>{d.title}</strong>
                      {d.note && <div className="hint">“{d.note}”</div>}
                      {d.txHash && (
                        <div className="hint">
                          Transaction <code title={d.txHash.full}>{d.txHash.short}</code> <CopyHash hash={d.txHash.full} />
                        </div>
                      )}
                      {t.orderId && (
                        <div className="hint">
                          <Link href={`/orders/${t.orderId}`}>Order {t.orderId.slice(0, 8)}</Link>
                        </div>
                      )}
                      {t.status !== "completed" && <div className="field-error">{t.status}</div>}
                    </td>
                    <td className="num history-amount" style={{ color: d.incoming ? "var(--palm)" : undefined }}>
                      {d.incoming ? "+" : "−"}
                      {money(t.amount, t.currency, "full")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {history.hasNextPage && (
            <button type="button" className="btn btn-secondary" style={{ marginTop: "1rem" }} onClick={() => history.fetchNextPage()} disabled={history.isFetchingNextPage}>
              {history.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Copies a transfer's full hash, to look it up in a block explorer. */
function CopyHash({ hash }: { hash: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn-link"
      aria-label={copied ? "Transaction hash copied" : "Copy transaction hash"}
      onClick={() => void navigator.clipboard?.writeText(hash).then(() => setCopied(true), () => setCopied(false))}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
