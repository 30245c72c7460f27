import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, type CommerceKit } from "../commerce-test-kit";

// Our own stored picture, as an upload returns it (IMAGE_PUBLIC_URL's default and a SHA-256 name).
const OWN_PICTURE = `http://localhost:8080/images/${"a".repeat(64)}.webp`;

let kit: CommerceKit;
let seller: User;
let otherSeller: User;
let shopper: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, otherSeller, shopper] = await Promise.all([kit.newUser("seller"), kit.newUser("seller"), kit.newUser()]);
});
afterAll(() => kit?.close());

describe("category.list", () => {
  it("lists the categories to anyone", async () => {
    const categories = await kit.as(null).category.list();
    expect(categories.length).toBeGreaterThan(0);
    expect(Object.keys(categories[0]!).sort()).toEqual(["id", "name", "slug"]);
  });
});

describe("product.list / product.byId", () => {
  it("pages, filters by seller and category, searches and sorts", async () => {
    const [category] = await kit.as(null).category.list();
    const s = kit.as(seller);
    const cheap = await s.seller.product.create({ title: "Blue Mountain coffee", price: 500n, currency: "JMD", quantity: 5, categoryId: category!.id });
    const dear = await s.seller.product.create({ title: "Rum cake", description: "with coffee glaze", price: 9000n, currency: "JMD", quantity: 5 });

    const bySeller = await kit.as(null).product.list({ sellerId: seller.id, sort: "price_desc" });
    expect(bySeller.items.map((p) => p.id)).toEqual([dear.id, cheap.id]);
    expect(bySeller.total).toBe(2);
    expect(bySeller.items.map((p) => p.sellerName)).toEqual([seller.username, seller.username]);

    const asc = await kit.as(null).product.list({ sellerId: seller.id, sort: "price_asc", pageSize: 1, page: 2 });
    expect(asc).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(asc.items.map((p) => p.id)).toEqual([dear.id]);

    const inCategory = await kit.as(null).product.list({ categoryId: category!.id, sellerId: seller.id });
    expect(inCategory.items.map((p) => p.id)).toEqual([cheap.id]);

    const found = await kit.as(null).product.list({ search: "coffee", sellerId: seller.id, sort: "title" });
    expect(found.items.map((p) => p.id)).toEqual([cheap.id, dear.id]);

    expect(await kit.as(null).product.byId({ id: cheap.id })).toMatchObject({ price: 500n, sellerName: seller.username });
  });

  it("finds a product by its category's name, not only its own words", async () => {
    const categories = await kit.as(null).category.list();
    const category = categories[0]!;
    const other = await kit.newUser("seller");
    const listed = await kit.as(other).seller.product.create({ title: "Roasted beans 250 g", description: "Dark roast", price: 700n, currency: "JMD", quantity: 3, categoryId: category.id });
    const word = category.name.split(/\s+/)[0]!.toLowerCase();
    const found = await kit.as(null).product.list({ search: word, sellerId: other.id });
    expect(found.items.map((p) => p.id)).toEqual([listed.id]);
    // A typo in the category's name still finds it (three letters or more).
    const typo = word.length > 4 ? `${word.slice(0, -2)}${word.at(-1)}${word.at(-2)}` : word;
    expect((await kit.as(null).product.list({ search: typo, sellerId: other.id })).items.map((p) => p.id)).toEqual([listed.id]);
    expect((await kit.as(null).product.list({ search: "zzqqxx", sellerId: other.id })).total).toBe(0);
  });

  it("hides archived products except from their seller and admins", async () => {
    const p = await kit.newProduct(seller);
    await kit.as(seller).seller.product.archive({ id: p.id });
    expect(await errorCode(kit.as(null).product.byId({ id: p.id }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(kit.as(shopper).product.byId({ id: p.id }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(kit.as(otherSeller).product.byId({ id: p.id }))).toBe("PRODUCT.NOT_FOUND");
    expect((await kit.as(seller).product.byId({ id: p.id })).isActive).toBe(false);
    expect((await kit.as(kit.admin).product.byId({ id: p.id })).id).toBe(p.id);
    const listed = await kit.as(null).product.list({ sellerId: seller.id, pageSize: 100 });
    expect(listed.items.some((x) => x.id === p.id)).toBe(false);
  });

  it("refuses unknown ids and bad pages", async () => {
    expect(await errorCode(kit.as(null).product.byId({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(kit.as(null).product.byId({ id: "nope" }))).toBe("BAD_REQUEST");
    expect(await errorCode(kit.as(null).product.list({ pageSize: 101 }))).toBe("BAD_REQUEST");
  });
});

describe("seller.product", () => {
  it("creates, lists (inactive included), updates and archives own products", async () => {
    const s = kit.as(seller);
    const created = await s.seller.product.create({
      title: "Ackee",
      price: 1500n,
      currency: "USD",
      quantity: 3,
      images: [OWN_PICTURE],
    });
    expect(created).toMatchObject({ sellerId: seller.id, sellerName: seller.username, isActive: true, images: [OWN_PICTURE], categoryId: null });
    // A picture from anywhere else (a tracking pixel) is refused, on create and on update.
    expect(await errorCode(s.seller.product.create({ title: "Pixel", price: 100n, currency: "USD", quantity: 1, images: ["https://tracker.example.net/p.gif"] }))).toBe("PRODUCT.INVALID");
    expect(await errorCode(s.seller.product.update({ id: created.id, images: ["http://localhost:8080/images/x.png"] }))).toBe("PRODUCT.INVALID");
    const updated = await s.seller.product.update({ id: created.id, price: 1600n, quantity: 0 });
    expect(updated).toMatchObject({ price: 1600n, quantity: 0, title: "Ackee", sellerName: seller.username });
    const archived = await s.seller.product.archive({ id: created.id });
    expect(archived.isActive).toBe(false);
    const mine = await s.seller.product.list({ pageSize: 100 });
    expect(mine.items.find((p) => p.id === created.id)?.isActive).toBe(false);
    expect(mine.items.every((p) => p.sellerId === seller.id)).toBe(true);
  });

  it("cannot touch another seller's product", async () => {
    const p = await kit.newProduct(seller);
    const other = kit.as(otherSeller);
    expect(await errorCode(other.seller.product.update({ id: p.id, price: 1n }))).toBe("PRODUCT.NOT_FOUND");
    expect(await errorCode(other.seller.product.archive({ id: p.id }))).toBe("PRODUCT.NOT_FOUND");
    expect((await other.seller.product.list()).items.some((x) => x.id === p.id)).toBe(false);
  });

  it("refuses customers, invalid drafts and unknown categories", async () => {
    expect(await errorCode(kit.as(shopper).seller.product.create({ title: "xx", price: 1n, currency: "JMD", quantity: 1 }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(null).seller.product.list())).toBe("AUTH.UNAUTHENTICATED");
    const s = kit.as(seller);
    expect(await errorCode(s.seller.product.create({ title: "x", price: 1n, currency: "JMD", quantity: 1 }))).toBe("BAD_REQUEST");
    expect(await errorCode(s.seller.product.create({ title: "ok", price: 0n, currency: "JMD", quantity: 1 }))).toBe("BAD_REQUEST");
    expect(
      await errorCode(s.seller.product.create({ title: "ok", price: 1n, currency: "JMD", quantity: 1, categoryId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" })),
    ).toBe("CATEGORY.NOT_FOUND");
    expect(await errorCode(s.seller.product.update({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", title: "abc" }))).toBe("PRODUCT.NOT_FOUND");
  });
});
