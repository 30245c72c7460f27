import { desc, eq } from "drizzle-orm";
import type { FxRate, FxRateRepository } from "@caribex/domain";
import type { Db } from "../client";
import { fxRates } from "../schema";
import { toDate } from "./util";

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
  };
}
