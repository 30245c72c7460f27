import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, inReference, type Repositories } from "@caribex/domain";
import { createDatabase, type Database } from "./client";
import { seed } from "./seed";
import { createUnitOfWork } from "./uow";

/** The embedded database runs the same catalogue SQL: price order in JMD at the latest rates, and trigram search. */
describe("catalogue queries on PGlite", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createDatabase();
    await seed(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  const run = <T>(fn: (repos: Repositories) => Promise<T>) => createUnitOfWork(database).run(ANONYMOUS, fn);

  it("sorts by price converted to JMD, agreeing with the domain's exact conversion", async () => {
    const { items, rates } = await run(async (repos) => ({
      items: (await repos.products.list({ page: 1, pageSize: 100, sort: "price_asc" })).items,
      rates: await repos.fx.latest(),
    }));
    expect(rates.map((r) => `${r.base}/${r.quote} ${r.rate} ${r.source}`).sort()).toEqual(["USD/JMD 157.25 seed", "USDC/JMD 157.1 seed"]);
    const inJmd = items.map((p) => inReference(p.price, p.currency, rates)!.amount);
    expect(inJmd).toEqual([...inJmd].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const titles = items.map((p) => p.title);
    // JMD 950.00 before USD 89.00 (JMD 13,995.25); USDC is not pushed to the end.
    expect(titles.indexOf("Jerk seasoning, hot")).toBe(0);
    expect(titles.indexOf("Hand-carved mahogany bowl")).toBeGreaterThan(titles.indexOf("Rum cake, 1 kg"));
    expect(items.at(-1)!.title).toBe("Hand-made nyabinghi drum");
  });

  it("finds coffee from a typo, with the filters", async () => {
    const found = await run((repos) => repos.products.list({ page: 1, pageSize: 100, sort: "title", search: "cofee", currency: "USD", inStock: true }));
    expect(found.items.map((p) => p.title)).toEqual(["Blue Mountain Coffee Cold Brew Pack", "Blue Mountain Coffee, ground 500 g"]);
    const ranged = await run((repos) => repos.products.list({ page: 1, pageSize: 100, sort: "price_asc", minPrice: "900", maxPrice: "1300" }));
    expect(ranged.items.map((p) => p.title)).toEqual(["Jerk seasoning, hot", "Bammy and festival mix"]);
  });

  it("ranks a search's best matches first", async () => {
    const found = await run((repos) => repos.products.list({ page: 1, pageSize: 100, sort: "relevance", search: "coffee ground" }));
    expect(found.items[0]?.title).toBe("Blue Mountain Coffee, ground 500 g");
  });
});
