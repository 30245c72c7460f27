import { desc, eq, sql } from "drizzle-orm";
import { CURRENCIES, type Currency, type FxQuote, type FxRate, type FxRateRepository } from "@caribex/domain";
import type { Db } from "../client";
import { fxQuotes, fxRates, wallets } from "../schema";
import { rowsOf, toDate } from "./util";

const columns = {
  id: fxRates.id,
  base: fxRates.base,
  quote: fxRates.quote,
  rate: fxRates.rate,
  source: fxRates.source,
  setBy: fxRates.setBy,
  asOf: fxRates.asOf,
};

/** numeric comes back padded to its scale ("157.250000000000"); the domain spells rates without trailing zeros. */
export function trimRate(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

const historyColumns = { ...columns, changeBps: fxRates.changeBps, note: fxRates.note };

const toRate = (r: {
  id: string;
  base: FxRate["base"];
  quote: FxRate["quote"];
  rate: string;
  source: FxRate["source"];
  setBy: string | null;
  asOf: Date | string;
  changeBps?: number | null;
  note?: string | null;
}): FxRate => ({
  ...r,
  rate: trimRate(r.rate),
  asOf: toDate(r.asOf),
});

export function fxRateRepository(db: Db): FxRateRepository {
  return {
    async latest(source) {
      const rows = await db
        .selectDistinctOn([fxRates.base, fxRates.quote], columns)
        .from(fxRates)
        .where(source ? eq(fxRates.source, source) : undefined)
        .orderBy(fxRates.base, fxRates.quote, desc(fxRates.asOf), desc(fxRates.id));
      return rows.map(toRate);
    },
    async history(limit) {
      const rows = await db.select(historyColumns).from(fxRates).orderBy(desc(fxRates.asOf), desc(fxRates.id)).limit(limit);
      return rows.map(toRate);
    },
    async insert(rate) {
      const [row] = await db.insert(fxRates).values(rate).returning(historyColumns);
      return toRate(row!);
    },
    async insertQuote(q) {
      const [row] = await db
        .insert(fxQuotes)
        .values({
          userId: q.userId,
          fromCurrency: q.from,
          toCurrency: q.to,
          side: q.side,
          rate: q.rate,
          spreadBps: q.spreadBps,
          payAmount: q.pay,
          receiveAmount: q.receive,
          feeAmount: q.fee,
          createdAt: q.createdAt,
          expiresAt: q.expiresAt,
        })
        .returning();
      return toQuote(row!);
    },
    async findQuote(id) {
      const [row] = await db.select().from(fxQuotes).where(eq(fxQuotes.id, id));
      return row ? toQuote(row) : null;
    },
    async houseFloats() {
      const rows = await db.select({ currency: wallets.currency, balance: wallets.balance }).from(wallets).where(eq(wallets.kind, "house"));
      const by = new Map(rows.map((r) => [r.currency, r.balance]));
      return CURRENCIES.map((currency) => ({ currency, balance: by.get(currency) ?? 0n }));
    },
    async liabilitiesByCurrency() {
      const rows = rowsOf<{ currency: Currency; users: string; escrow: string; other: string }>(
        await db.execute(sql`
          select currency,
                 coalesce(sum(balance) filter (where kind = 'user'), 0)::text as users,
                 coalesce(sum(balance) filter (where kind = 'escrow'), 0)::text as escrow,
                 coalesce(sum(balance) filter (where kind in ('pending_withdrawal', 'suspense')), 0)::text as other
            from ${wallets} group by currency`),
      );
      return CURRENCIES.map((currency) => {
        const r = rows.find((x) => x.currency === currency);
        const users = BigInt(r?.users ?? "0");
        const escrow = BigInt(r?.escrow ?? "0");
        return { currency, users, escrow, total: users + escrow + BigInt(r?.other ?? "0") };
      });
    },
  };
}

function toQuote(r: typeof fxQuotes.$inferSelect): FxQuote {
  return {
    id: r.id,
    userId: r.userId,
    from: r.fromCurrency,
    to: r.toCurrency,
    side: r.side,
    rate: trimRate(r.rate),
    spreadBps: r.spreadBps,
    pay: r.payAmount,
    receive: r.receiveAmount,
    fee: r.feeAmount,
    createdAt: toDate(r.createdAt),
    expiresAt: toDate(r.expiresAt),
    usedAt: r.usedAt ? toDate(r.usedAt) : null,
  };
}
