import { CURRENCIES, type Currency, type OrderStatus } from "@caribex/domain";

export interface SaleOrder {
  status: OrderStatus;
  total: bigint;
  currency: Currency;
  createdAt: Date;
}

export interface DayPoint {
  /** YYYY-MM-DD in UTC. */
  date: string;
  value: number;
}

export interface SellerSales {
  /** Money the shop has taken (paid, shipped or completed orders), per currency. */
  revenue: { currency: Currency; amount: bigint; orders: number }[];
  ordersPerDay: DayPoint[];
  /** Revenue per day for one currency each, in minor units. */
  revenuePerDay: Partial<Record<Currency, { date: string; amount: bigint }[]>>;
  byStatus: Record<OrderStatus, number>;
  toShip: number;
}

/** Orders that brought money in: cancelled ones were refunded and pending ones were never paid. */
export const COUNTS_AS_SALE: ReadonlySet<OrderStatus> = new Set(["paid", "shipped", "completed"]);

export function dayKey(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The last `days` calendar days in UTC ending today, oldest first. */
export function lastDays(days: number, now: Date): string[] {
  const out: string[] = [];
  const base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = days - 1; i >= 0; i--) out.push(dayKey(new Date(base - i * 86_400_000)));
  return out;
}

/**
 * Sales figures for one seller, computed from their orders because the API's stats are marketplace-wide and
 * admin-only.
 */
export function sellerSales(orders: readonly SaleOrder[], days: number, now: Date): SellerSales {
  const keys = lastDays(days, now);
  const inWindow = new Set(keys);
  const perDay = new Map<string, number>(keys.map((k) => [k, 0]));
  const revenue = new Map<Currency, { amount: bigint; orders: number }>();
  const revenueDay = new Map<Currency, Map<string, bigint>>();
  const byStatus: Record<OrderStatus, number> = { pending: 0, paid: 0, shipped: 0, completed: 0, cancelled: 0 };

  for (const o of orders) {
    byStatus[o.status] += 1;
    const key = dayKey(o.createdAt);
    if (inWindow.has(key)) perDay.set(key, (perDay.get(key) ?? 0) + 1);
    if (!COUNTS_AS_SALE.has(o.status)) continue;
    const r = revenue.get(o.currency) ?? { amount: 0n, orders: 0 };
    revenue.set(o.currency, { amount: r.amount + o.total, orders: r.orders + 1 });
    if (inWindow.has(key)) {
      const m = revenueDay.get(o.currency) ?? new Map<string, bigint>();
      m.set(key, (m.get(key) ?? 0n) + o.total);
      revenueDay.set(o.currency, m);
    }
  }

  const revenuePerDay = {} as SellerSales["revenuePerDay"];
  for (const c of CURRENCIES) {
    if (!revenue.has(c)) continue;
    const m = revenueDay.get(c);
    revenuePerDay[c] = keys.map((date) => ({ date, amount: m?.get(date) ?? 0n }));
  }
  return {
    revenue: CURRENCIES.filter((c) => revenue.has(c)).map((c) => ({ currency: c, ...revenue.get(c)! })),
    ordersPerDay: keys.map((date) => ({ date, value: perDay.get(date) ?? 0 })),
    revenuePerDay,
    byStatus,
    toShip: byStatus.paid,
  };
}
