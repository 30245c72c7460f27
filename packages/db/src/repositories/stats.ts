import { sql } from "drizzle-orm";
import { CURRENCIES, type Currency, type StatsRepository } from "@caribex/domain";
import type { Db } from "../client";
import { rowsOf } from "./util";

const MAX_DAYS = 366;

/** Days are calendar days in UTC, oldest first, including today; days without activity count zero. */
export function statsRepository(db: Db): StatsRepository {
  return {
    async daily(requested) {
      const days = Math.min(Math.max(1, Math.trunc(requested) || 1), MAX_DAYS);
      const since = sql`((now() at time zone 'UTC')::date - ${days - 1}::int)`;
      const dayOf = (col: string) => sql.raw(`to_char((${col} at time zone 'UTC')::date, 'YYYY-MM-DD')`);
      const [salesRows, orderRows, signupRows, dayRows] = await Promise.all([
        db.execute(sql`
          select ${dayOf("created_at")} as day, currency, sum(total)::text as amount
            from orders
           where status <> 'cancelled' and (created_at at time zone 'UTC')::date >= ${since}
           group by 1, 2`),
        db.execute(sql`
          select ${dayOf("created_at")} as day, count(*)::int as count
            from orders
           where status <> 'cancelled' and (created_at at time zone 'UTC')::date >= ${since}
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
  };
}
