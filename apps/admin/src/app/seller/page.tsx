import type { Metadata } from "next";
import Link from "next/link";
import { displayMoney, type Currency } from "@caribex/domain";
import { load } from "@/lib/load";
import { minorToChartNumber } from "@/lib/money";
import { sellerSales, type SellerStats } from "@/lib/sales";
import { oneOf, type SearchParams } from "@/lib/search-params";
import { BarChart } from "@/components/bar-chart";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Overview" };

const RANGES = ["7", "30", "90"] as const;

export default async function SellerOverview({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const days = Number(oneOf(await searchParams, "days", RANGES, "30"));
  const res = await load(async (api) => {
    const [stats, toShip, everOrdered, balances] = await Promise.all([
      api.seller.stats.query({ days }),
      api.seller.order.list.query({ status: "paid", pageSize: 1 }),
      api.seller.order.list.query({ pageSize: 1 }),
      api.wallet.balances.query(),
    ]);
    return { stats, toShip: toShip.total, hasOrders: everOrdered.total > 0, balances };
  }, "/seller");

  return (
    <>
      <PageHeader
        title="Overview"
        description="Sales of your shop and what needs doing."
        actions={
          <nav aria-label="Period" className="page-actions">
            {RANGES.map((r) => (
              <Link key={r} href={`/seller?days=${r}`} className={r === String(days) ? "button" : "button button-secondary"} aria-current={r === String(days) ? "true" : undefined}>
                {r} days
              </Link>
            ))}
          </nav>
        }
      />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : (
        <Figures {...res.data} days={days} />
      )}
    </>
  );
}

function Figures({
  stats,
  toShip,
  hasOrders,
  balances,
  days,
}: {
  stats: SellerStats;
  toShip: number;
  hasOrders: boolean;
  balances: { currency: Currency; balance: bigint }[];
  days: number;
}) {
  const sales = sellerSales(stats);
  return (
    <>
      <section aria-labelledby="figures">
        <h2 id="figures" className="visually-hidden">
          Key figures
        </h2>
        <div className="cards">
          <div className="card">
            <p className="card-label">Orders to ship</p>
            <p className="card-value">{toShip}</p>
            {toShip > 0 ? <Link href="/seller/orders?status=paid">Ship them</Link> : null}
          </div>
          {sales.revenue.length === 0 ? (
            <div className="card">
              <p className="card-label">Revenue</p>
              <p className="card-value">–</p>
            </div>
          ) : (
            sales.revenue.map((r) => (
              <div className="card" key={r.currency}>
                <p className="card-label">
                  Revenue in {r.currency} (last {days} days)
                </p>
                <p className="card-value">{displayMoney(r.amount, r.currency)}</p>
                <p className="muted small">
                  {r.orders} {r.orders === 1 ? "order" : "orders"}
                </p>
              </div>
            ))
          )}
          {balances.map((b) => (
            <div className="card" key={b.currency}>
              <p className="card-label">Wallet balance {b.currency}</p>
              <p className="card-value">{displayMoney(b.balance, b.currency)}</p>
            </div>
          ))}
        </div>
      </section>
      {!hasOrders ? (
        <EmptyState title="No orders yet">
          <p>
            When shoppers buy your products, sales show up here. <Link href="/seller/products/new">List a product</Link>
          </p>
        </EmptyState>
      ) : (
        <section aria-labelledby="charts">
          <h2 id="charts">Last {days} days</h2>
          <div className="charts">
            <BarChart title="Orders per day" unit="orders" bars={sales.ordersPerDay.map((d) => ({ label: d.date, value: d.value }))} />
            {(Object.entries(sales.revenuePerDay) as [Currency, { date: string; amount: bigint }[]][]).map(([cur, series]) => (
              <BarChart
                key={cur}
                title={`Revenue per day (${cur})`}
                unit={cur}
                bars={series.map((d) => ({ label: d.date, value: minorToChartNumber(d.amount, cur), display: displayMoney(d.amount, cur) }))}
              />
            ))}
          </div>
        </section>
      )}
    </>
  );
}
