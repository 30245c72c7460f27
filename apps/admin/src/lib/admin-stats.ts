import { CURRENCIES, type Currency } from "@caribex/domain";
import { lastDays } from "./sales";

export interface RawStats {
  sales: { day: string; currency: Currency; amount: bigint }[];
  orders: { day: string; count: number }[];
  signups: { day: string; count: number }[];
}

const dayOf = (d: string | Date) => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The API lists only days that had activity; charts want every day of the window, quiet ones at zero. */
export function fillStats(raw: RawStats, days: number, now: Date) {
  const keys = lastDays(days, now);
  const count = (rows: { day: string; count: number }[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(dayOf(r.day), (m.get(dayOf(r.day)) ?? 0) + r.count);
    return keys.map((date) => ({ date, value: m.get(date) ?? 0 }));
  };
  const sales: Partial<Record<Currency, { date: string; amount: bigint }[]>> = {};
  const totals: { currency: Currency; amount: bigint }[] = [];
  for (const c of CURRENCIES) {
    const rows = raw.sales.filter((s) => s.currency === c);
    // A currency nobody paid in gets no chart, even when the API lists it at zero.
    if (!rows.some((r) => r.amount > 0n)) continue;
    const m = new Map<string, bigint>();
    for (const r of rows) m.set(dayOf(r.day), (m.get(dayOf(r.day)) ?? 0n) + r.amount);
    sales[c] = keys.map((date) => ({ date, amount: m.get(date) ?? 0n }));
    totals.push({ currency: c, amount: rows.reduce((a, r) => a + r.amount, 0n) });
  }
  return { orders: count(raw.orders), signups: count(raw.signups), sales, totals };
}
