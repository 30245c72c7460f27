import type { Metadata } from "next";
import { displayDateTime } from "@caribex/domain";
import { load } from "@/lib/load";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { FxRateForm } from "@/components/admin/fx-rate-form";

export const metadata: Metadata = { title: "Exchange rates" };

const SOURCES = { admin: "Set by an admin", feed: "Price feed", seed: "Demo data" } as const;

export default async function RatesPage() {
  const res = await load(async (api) => {
    const [history, latest] = await Promise.all([api.admin.fx.list.query(), api.fx.latest.query()]);
    return { history, current: new Set(latest.rates.map((r) => r.id)) };
  }, "/admin/rates");
  return (
    <>
      <PageHeader
        title="Exchange rates"
        description="Prices in USD and USDC are sorted, filtered and shown “≈ JMD” at the latest rate of their pair. A rate is never used to move money."
      />
      <FxRateForm />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : res.data.history.length === 0 ? (
        <EmptyState title="No rates yet">
          <p className="muted">Until a rate is set, USD and USDC prices sort after JMD ones.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Exchange rates, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col">Source</th>
                <th scope="col">As of</th>
                <th scope="col">In use</th>
              </tr>
            </thead>
            <tbody>
              {res.data.history.map((r) => (
                <tr key={r.id}>
                  <td>
                    1 {r.base} → {r.quote}
                  </td>
                  <td className="num mono">{r.rate}</td>
                  <td className="num">{r.changeBps != null ? `${(r.changeBps / 100).toFixed(2)} %` : ""}</td>
                  <td>
                    {SOURCES[r.source]}
                    {r.note ? <span className="muted"> · {r.note}</span> : null}
                  </td>
                  <td>
                    <time dateTime={r.asOf.toISOString()}>{displayDateTime(r.asOf)}</time>
                  </td>
                  <td>{res.data.current.has(r.id) ? "Current" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
