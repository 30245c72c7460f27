import { CURRENCIES, type Currency } from "@caribex/domain";

export interface DayPoint {
  /** YYYY-MM-DD in UTC. */
  date: string;
  value: number;
}

/** What seller.stats returns: every day of the window, sales per currency and day, totals per currency. */
export interface SellerStats {
  days: number;
  sales: { day: string; currency: Currency; amount: bigint; orders: number }[];
  orders: { day: string; count: number }[];
  totals: { currency: Currency; amount: bigint; orders: number }[];
}

export interface SellerSales {
  /** Money taken in the window (orders not cancelled), per currency the shop sold in. */
  revenue: { currency: Currency; amount: bigint; orders: number }[];
  ordersPerDay: DayPoint[];
  /** Revenue per day for one currency each, in minor units. */
  revenuePerDay: Partial<Record<Currency, { date: string; amount: bigint }[]>>;
}

function dayKey(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The last `days` calendar days in UTC ending today, oldest first. */
export function lastDays(days: number, now: Date): string[] {
  const out: string[] = [];
  const base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = days - 1; i >= 0; i--) out.push(dayKey(new Date(base - i * 86_400_000)));
  return out;
}

/** Chart series from the seller's stats: a revenue chart only for currencies the shop sold in. */
export function sellerSales(stats: SellerStats): SellerSales {
  const revenuePerDay: SellerSales["revenuePerDay"] = {};
  for (const c of CURRENCIES) {
    if (!stats.totals.some((t) => t.currency === c)) continue;
    revenuePerDay[c] = stats.sales.filter((s) => s.currency === c).map((s) => ({ date: s.day, amount: s.amount }));
  }
  return {
    revenue: CURRENCIES.flatMap((c) => stats.totals.filter((t) => t.currency === c)),
    ordersPerDay: stats.orders.map((d) => ({ date: d.day, value: d.count })),
    revenuePerDay,
  };
}
