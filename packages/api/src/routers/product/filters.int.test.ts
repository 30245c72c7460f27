import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let coffee: { id: string };
let bowl: { id: string };
let soldOut: { id: string };
let coasters: { id: string };
let jerk: { id: string };
let categoryId: string;

const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id).sort();
const sorted = (...xs: { id: string }[]) => xs.map((x) => x.id).sort();

beforeAll(async () => {
  kit = await createCommerceKit();
  seller = await kit.newUser("seller");
  const [category] = await kit.as(null).category.list();
  categoryId = category!.id;
  const s = kit.as(seller);
  // Seeded rates: USD 157.25 JMD, USDC 157.1 JMD.
  coffee = await s.seller.product.create({ title: "Blue Mountain coffee beans", price: 420_000n, currency: "JMD", quantity: 4, categoryId });
  bowl = await s.seller.product.create({ title: "Hand-carved mahogany bowl", price: 8_900n, currency: "USD", quantity: 2 }); // JMD 13,995.25
  soldOut = await s.seller.product.create({ title: "Sorrel liqueur", price: 3_100n, currency: "USD", quantity: 0 }); // JMD 4,874.75
  coasters = await s.seller.product.create({ title: "Lignum vitae coasters", price: 6_000_000n, currency: "USDC", quantity: 9 }); // JMD 942.60
  jerk = await s.seller.product.create({ title: "Jerk seasoning", description: "Scotch bonnet rub", price: 95_000n, currency: "JMD", quantity: 50, categoryId });
});
afterAll(() => kit?.close());

const list = (input: Parameters<ReturnType<CommerceKit["as"]>["product"]["list"]>[0]) => kit.as(null).product.list({ sellerId: seller.id, ...input });

describe("product.list filters", () => {
  it("category", async () => {
    expect(ids(await list({ categoryId }))).toEqual(sorted(coffee, jerk));
  });

  it("currency", async () => {
    expect(ids(await list({ currency: "USD" }))).toEqual(sorted(bowl, soldOut));
    expect(ids(await list({ currency: "USDC" }))).toEqual(sorted(coasters));
  });

  it("in stock", async () => {
    expect(ids(await list({ inStock: true }))).toEqual(sorted(coffee, bowl, coasters, jerk));
    expect(ids(await list({ inStock: false }))).toEqual(sorted(coffee, bowl, soldOut, coasters, jerk));
  });

  it("price range in the chosen currency's own units", async () => {
    expect(ids(await list({ currency: "USD", minPrice: "31", maxPrice: "89" }))).toEqual(sorted(soldOut, bowl));
    expect(ids(await list({ currency: "USD", minPrice: "31.01" }))).toEqual(sorted(bowl));
    expect(ids(await list({ currency: "USD", maxPrice: "88.99" }))).toEqual(sorted(soldOut));
    expect(ids(await list({ currency: "JMD", minPrice: "950", maxPrice: "950.00" }))).toEqual(sorted(jerk));
  });

  it("price range without a currency compares every price in JMD at the latest rates", async () => {
    // JMD 942.60 (USDC 6) and JMD 950.00 fall in 900–1,000; USD 31.00 (JMD 4,874.75) does not. Bounds are exact.
    expect(ids(await list({ minPrice: "900", maxPrice: "1000" }))).toEqual(sorted(coasters, jerk));
    expect(ids(await list({ minPrice: "4874.75", maxPrice: "13995.25" }))).toEqual(sorted(soldOut, bowl));
    expect(ids(await list({ minPrice: "4874.76" }))).toEqual(sorted(bowl));
  });

  it("all together, sorted by price in JMD", async () => {
    const page = await list({ minPrice: "500", inStock: true, sort: "price_asc" });
    expect(page.items.map((p) => p.id)).toEqual([coasters.id, jerk.id, coffee.id, bowl.id]);
    expect(page.total).toBe(4);
  });

  it("refuses malformed price bounds", async () => {
    for (const bad of ["-1", "1e3", "ten", "1,000", "0.1234567"]) {
      expect(await errorCode(list({ minPrice: bad })), bad).toBe("BAD_REQUEST");
    }
  });
});

describe("typo-tolerant search", () => {
  it("finds coffee from 'cofee', and mahogany from 'mahogny'", async () => {
    // The jerk seasoning is listed under the same category (the first, Coffee), whose name counts too.
    expect(ids(await list({ search: "cofee" }))).toEqual(sorted(coffee, jerk));
    expect(ids(await list({ search: "mahogny bowl" }))).toEqual(sorted(bowl));
    // Prefixes still work, and a description word counts.
    expect(ids(await list({ search: "cof" }))).toEqual(sorted(coffee, jerk));
    expect(ids(await list({ search: "scotch" }))).toEqual(sorted(jerk));
  });

  it("does not match unrelated words", async () => {
    expect(ids(await list({ search: "tea" }))).toEqual([]);
    expect(ids(await list({ search: "cofee mahogany" }))).toEqual([]);
  });

  it("offers the closest spelling the catalogue uses when a search finds nothing", async () => {
    // Too far for the typo match, close enough for a suggestion; a word the catalogue knows stays as typed.
    expect(await list({ search: "mahogony bowl" })).toMatchObject({ total: 0, suggestion: "mahogany bowl" });
    expect(await list({ search: "caosters" })).toMatchObject({ total: 0, suggestion: "coasters" });
    expect((await list({ search: "caosters", currency: "JMD" })).suggestion).toBeUndefined();
    // Found something, nothing close, or a respelling that finds nothing either: no suggestion.
    expect((await list({ search: "mahogny bowl" })).suggestion).toBeUndefined();
    expect((await list({ search: "zzzqqq" })).suggestion).toBeUndefined();
    expect((await list({ search: "cofee mahogany" })).suggestion).toBeUndefined();
  });

  it("combines with the filters", async () => {
    expect(ids(await list({ search: "cofee", currency: "USD" }))).toEqual([]);
    expect(ids(await list({ search: "sorel", inStock: true }))).toEqual([]);
    expect(ids(await list({ search: "sorel" }))).toEqual(sorted(soldOut));
  });
});

describe("product.list search ranking", () => {
  let other: User;
  const made: Record<string, { id: string }> = {};
  beforeAll(async () => {
    other = await kit.newUser("seller");
    const s = kit.as(other);
    // Created oldest to newest, so newest-first would list them in the reverse of this order.
    for (const [name, title, description] of [
      ["exact", "Rum cake", "Soaked in dark rum"],
      ["titled", "Rum cake with raisins, large", ""],
      ["described", "Christmas fruit loaf", "Like a rum cake, dense and dark"],
      ["typo", "Rumm cakes gift box", ""],
    ] as const) {
      made[name] = await s.seller.product.create({ title, description, price: 5_000n, currency: "JMD", quantity: 5 });
    }
  });
  const mine = (input: Parameters<ReturnType<CommerceKit["as"]>["product"]["list"]>[0]) => kit.as(null).product.list({ sellerId: other.id, ...input });
  const order = (page: { items: { id: string }[] }) => page.items.map((p) => Object.keys(made).find((k) => made[k]!.id === p.id));

  it("puts a search's best matches first: the title holding every word, the closest title, then the rest", async () => {
    const ranked = order(await mine({ search: "rum cake" }));
    expect(ranked.slice(0, 2)).toEqual(["exact", "titled"]);
    expect(new Set(ranked.slice(2))).toEqual(new Set(["described", "typo"]));
    // Asking for "relevance" is the same as searching without a sort.
    expect(order(await mine({ search: "rum cake", sort: "relevance" }))).toEqual(ranked);
  });

  it("keeps a chosen order, and lists newest first without a search", async () => {
    expect(order(await mine({ search: "rum cake", sort: "newest" })).slice(0, 2)).toEqual(["typo", "described"]);
    expect(order(await mine({ search: "rum cake", sort: "title" }))[0]).toBe("described");
    expect(order(await mine({}))).toEqual(["typo", "described", "titled", "exact"]);
    expect(order(await mine({ sort: "relevance" }))).toEqual(["typo", "described", "titled", "exact"]);
  });
});
