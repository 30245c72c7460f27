"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";

export function Balances() {
  const trpc = useTRPC();
  const balances = useQuery(trpc.wallet.balances.queryOptions());
  return (
    <section aria-labelledby="balances-title">
      <h2 id="balances-title">Balances</h2>
      {balances.isPending ? (
        <ul className="balances" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <li key={i} className="card skeleton" style={{ height: "5.5rem" }} />
          ))}
        </ul>
      ) : balances.isError ? (
        <ErrorAlert error={describeError(balances.error)} onRetry={() => balances.refetch()} />
      ) : balances.data.length === 0 ? (
        <p className="muted">No balances yet.</p>
      ) : (
        <ul className="balances">
          {balances.data.map((b) => (
            <li key={b.currency} className="card balance-card" aria-label={`${b.currency} balance`} data-testid={`balance-${b.currency}`}>
              <div className="hint">{b.currency}</div>
              <div className="amount">{money(b.balance, b.currency)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
