"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { CURRENCIES, displayDateTime, type Currency } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { shortAddress } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";

type Party = { kind: "user"; walletAddress: string } | { kind: "escrow" } | { kind: "system" };

const KIND_LABELS: Record<string, string> = {
  credit: "Top-up",
  transfer: "Transfer",
  escrow_hold: "Order payment",
  escrow_release: "Order payout",
  refund: "Refund",
  conversion: "Conversion",
};

function partyLabel(p: Party, me: string): string {
  if (p.kind === "system") return "CaribEX";
  if (p.kind === "escrow") return "Escrow";
  return p.walletAddress.toLowerCase() === me.toLowerCase() ? "You" : shortAddress(p.walletAddress);
}

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
          <table className="table responsive" aria-label="Transactions">
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
                const incoming = t.to.kind === "user" && t.to.walletAddress.toLowerCase() === me.toLowerCase();
                const counterpart = incoming ? t.from : t.to;
                return (
                  <tr key={t.id}>
                    <td>
                      <time dateTime={t.createdAt.toISOString()}>{displayDateTime(t.createdAt)}</time>
                    </td>
                    <td>
                      <strong>{KIND_LABELS[t.kind] ?? t.kind}</strong> {incoming ? "from" : "to"} {partyLabel(counterpart, me)}
                      {t.memo && <div className="hint">“{t.memo}”</div>}
                      {t.orderId && (
                        <div className="hint">
                          <Link href={`/orders/${t.orderId}`}>Order {t.orderId.slice(0, 8)}</Link>
                        </div>
                      )}
                      {t.status !== "completed" && <div className="field-error">{t.status}</div>}
                    </td>
                    <td className="num" style={{ color: incoming ? "var(--palm)" : undefined, fontWeight: 700 }}>
                      {incoming ? "+" : "−"}
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
