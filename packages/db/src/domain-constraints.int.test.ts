import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_KINDS,
  CURRENCIES,
  DEPOSIT_STATUSES,
  FX_SOURCES,
  MAX_STOCK,
  ORDER_STATUSES,
  ROLES,
  TRANSACTION_KINDS,
  TRANSACTION_STATUSES,
  WITHDRAWAL_STATUSES,
} from "@caribex/domain";
import { rowsOf } from "./repositories/util";
import { createTestDatabase, type TestDatabase } from "./testing";

// The tables' CHECK constraints repeat lists the domain declares (they are data definitions, changed by a
// versioned migration). A domain change that the schema does not follow fails here.
const LISTS: Record<string, readonly string[]> = {
  orders_status_check: ORDER_STATUSES,
  chain_withdrawals_status_check: WITHDRAWAL_STATUSES,
  chain_deposits_status_check: DEPOSIT_STATUSES,
  wallets_kind_check: ACCOUNT_KINDS,
  transactions_kind_check: TRANSACTION_KINDS,
  transactions_status_check: TRANSACTION_STATUSES,
  users_role_check: ROLES,
  fx_rates_source_check: FX_SOURCES,
  orders_currency_check: CURRENCIES,
  products_currency_check: CURRENCIES,
  transactions_currency_check: CURRENCIES,
  wallets_currency_check: CURRENCIES,
  fx_rates_base_check: CURRENCIES,
  fx_rates_quote_check: CURRENCIES,
};

describe("the schema's constraints follow the domain", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(Object.entries(LISTS))("%s allows exactly the domain's values", async (name, values) => {
    const [row] = rowsOf<{ def: string }>(await t.database.db.execute(sql`select pg_get_constraintdef(oid) as def from pg_constraint where conname = ${name}`));
    expect(row, name).toBeDefined();
    const listed = [...row!.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(values));
  });

  it("the stock ceiling is the domain's, in the table and in the functions", async () => {
    const [row] = rowsOf<{ def: string; fn: number }>(
      await t.database.db.execute(sql`select pg_get_constraintdef(oid) as def, domain_max_stock() as fn from pg_constraint where conname = 'products_quantity_max_check'`),
    );
    expect(row!.def).toContain(`<= ${MAX_STOCK}`);
    expect(row!.fn).toBe(MAX_STOCK);
  });

  it("the generated functions answer with the domain's lists", async () => {
    const [row] = rowsOf<{ c: string[]; k: string[] }>(await t.database.db.execute(sql`select domain_currencies() as c, domain_account_kinds() as k`));
    expect(row!.c).toEqual([...CURRENCIES]);
    expect(row!.k).toEqual([...ACCOUNT_KINDS]);
  });
});
