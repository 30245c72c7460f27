import { sql, type SQL } from "drizzle-orm";
import { CURRENCIES, type Currency, type StatsRepository } from "@caribex/domain";
import type { Db } from "../client";
import { rowsOf } from "./util";

const MAX_DAYS = 366;

const windowOf = (requested: number) => Math.min(Math.max(1, Math.trunc(requested) || 1), MAX_DAYS);
const sinceOf = (days: number) => sql`((now() at time zone 'UTC')::date - ${days - 1}::int)`;
const dayOf = (col: string) => sql.raw(`to_char((${col} at time zone 'UTC')::date, 'YYYY-MM-DD')`);

/** Every day of the window as YYYY-MM-DD, oldest first. */
async function daysOf(db: Db, since: SQL): Promise<string[]> {
  const rows = await db.execute(sql`
    select to_char(d::date, 'YYYY-MM-DD') as day
      from generate_series(${since}, (now() at time zone 'UTC')::date, interval '1 day') d
     order by 1`);
  return rowsOf<{ day: string }>(rows).map((r) => r.day);
}

/** Days are calendar days in UTC, oldest first, including today; days without activity count zero. */
export function statsRepository(db: Db): StatsRepository {
  return {
    async daily(requested) {
      const days = windowOf(requested);
      const since = sinceOf(days);
      const [salesRows, orderRows, signupRows, dayRows] = await Promise.all([
        db.execute(sql`
          select ${dayOf("created_at")} as day, currency, sum(total)::text as amount
            from orders
           where status not in ('cancelled', 'refunded') and (created_at at time zone 'UTC')::date >= ${since}
           group by 1, 2`),
        db.execute(sql`
          select ${dayOf("created_at")} as day, count(*)::int as count
            from orders
           where status not in ('cancelled', 'refunded') and (created_at at time zone 'UTC')::date >= ${since}
           group by 1`),
        db.execute(sql`
          select ${dayOf("created_at")} as day, count(*)::int as count
            from users
           where (created_at at time zone 'UTC')::date >= ${since}
           group by 1`),
        db.execute(sql`
          select to_char(d::date, 'YYYY-MM-DD') as day
            from generate_series(${since}, (now() at time zone 'UTC')::date, interval '1 day') d
           order by 1`),
      ]);
      const allDays = rowsOf<{ day: string }>(dayRows).map((r) => r.day);
      const sales = new Map(rowsOf<{ day: string; currency: Currency; amount: string }>(salesRows).map((r) => [`${r.day}|${r.currency}`, BigInt(r.amount)]));
      const orders = new Map(rowsOf<{ day: string; count: number }>(orderRows).map((r) => [r.day, Number(r.count)]));
      const signups = new Map(rowsOf<{ day: string; count: number }>(signupRows).map((r) => [r.day, Number(r.count)]));
      return {
        sales: allDays.flatMap((day) => CURRENCIES.map((currency) => ({ day, currency, amount: sales.get(`${day}|${currency}`) ?? 0n }))),
        orders: allDays.map((day) => ({ day, count: orders.get(day) ?? 0 })),
        signups: allDays.map((day) => ({ day, count: signups.get(day) ?? 0 })),
      };
    },

    async sellerDaily(sellerId, requested) {
      const since = sinceOf(windowOf(requested));
      const [rows, allDays] = await Promise.all([
        db.execute(sql`
          select ${dayOf("created_at")} as day, currency, sum(total)::text as amount, count(*)::int as count
            from orders
           where seller_id = ${sellerId} and status not in ('cancelled', 'refunded')
             -- a bare range on created_at, so the (seller_id, created_at) index answers it
             and created_at >= ${since}::timestamp at time zone 'UTC'
           group by 1, 2`),
        daysOf(db, since),
      ]);
      const sales = new Map<string, { amount: bigint; orders: number }>();
      const orders = new Map<string, number>();
      for (const r of rowsOf<{ day: string; currency: Currency; amount: string; count: number }>(rows)) {
        sales.set(`${r.day}|${r.currency}`, { amount: BigInt(r.amount), orders: Number(r.count) });
        orders.set(r.day, (orders.get(r.day) ?? 0) + Number(r.count));
      }
      return {
        sales: allDays.flatMap((day) =>
          CURRENCIES.map((currency) => ({ day, currency, ...(sales.get(`${day}|${currency}`) ?? { amount: 0n, orders: 0 }) })),
        ),
        orders: allDays.map((day) => ({ day, count: orders.get(day) ?? 0 })),
      };
    },

    async sellerHeld(sellerId) {
      const rows = await db.execute(sql`
        select currency,
               coalesce(sum(total) filter (where status in ('paid', 'shipped')), 0)::text as in_escrow,
               coalesce(sum(total) filter (where status = 'disputed'), 0)::text as in_dispute,
               count(*)::int as count
          from orders
         where seller_id = ${sellerId} and status in ('paid', 'shipped', 'disputed')
         group by currency
         order by currency`);
      return rowsOf<{ currency: Currency; in_escrow: string; in_dispute: string; count: number }>(rows).map((r) => ({
        currency: r.currency,
        inEscrow: BigInt(r.in_escrow),
        inDispute: BigInt(r.in_dispute),
        orders: Number(r.count),
      }));
    },
  };
}
