import type { Metadata } from "next";
import Link from "next/link";
import { displayMoney } from "@caribex/domain";
import { fillStats } from "@/lib/admin-stats";
import { load } from "@/lib/load";
import { minorToChartNumber } from "@/lib/money";
import { oneOf, type SearchParams } from "@/lib/search-params";
import { BarChart } from "@/components/bar-chart";
import { ErrorNotice, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Marketplace" };

const RANGES = ["7", "30", "90"] as const;

export default async function AdminOverview({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const days = Number(oneOf(await searchParams, "days", RANGES, "30"));
  const res = await load((api) => api.admin.stats.query({ days }), "/admin");
  return (
    <>
      <PageHeader
        title="Marketplace"
        description="Sales, orders and sign-ups across CaribEX."
        actions={
          <nav aria-label="Period" className="page-actions">
            {RANGES.map((r) => (
              <Link key={r} href={`/admin?days=${r}`} className={r === String(days) ? "button" : "button button-secondary"} aria-current={r === String(days) ? "true" : undefined}>
                {r} days
              </Link>
            ))}
          </nav>
        }
      />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : (
        (() => {
          const s = fillStats(res.data, days, new Date());
          const sum = (xs: { value: number }[]) => xs.reduce((a, x) => a + x.value, 0);
          return (
            <>
              <div className="cards">
                <div className="card">
                  <p className="card-label">Orders, last {days} days</p>
                  <p className="card-value">{sum(s.orders)}</p>
                </div>
                <div className="card">
                  <p className="card-label">Sign-ups, last {days} days</p>
                  <p className="card-value">{sum(s.signups)}</p>
                </div>
                {s.totals.map((t) => (
                  <div className="card" key={t.currency}>
                    <p className="card-label">Sales in {t.currency}</p>
                    <p className="card-value">{displayMoney(t.amount, t.currency)}</p>
                  </div>
                ))}
              </div>
              <div className="charts">
                <BarChart title="Orders per day" unit="orders" bars={s.orders.map((d) => ({ label: d.date, value: d.value }))} />
                <BarChart title="Sign-ups per day" unit="sign-ups" bars={s.signups.map((d) => ({ label: d.date, value: d.value }))} />
                {s.totals.map(({ currency }) => (
                  <BarChart
                    key={currency}
                    title={`Sales per day (${currency})`}
                    unit={currency}
                    bars={(s.sales[currency] ?? []).map((d) => ({ label: d.date, value: minorToChartNumber(d.amount, currency), display: displayMoney(d.amount, currency) }))}
                  />
                ))}
              </div>
              {s.totals.length === 0 ? <p className="muted">No sales in this period yet.</p> : null}
            </>
          );
        })()
      )}
    </>
  );
}
