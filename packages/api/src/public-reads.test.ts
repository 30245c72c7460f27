import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { decodePublicRead, isPublicRead } from "./public-reads";

const wire = (value: unknown) => JSON.parse(JSON.stringify(superjson.serialize(value))) as unknown;
const id = "3f1c6a55-2f0e-4a43-9d1e-5f5f3f2b9a10";

describe("public reads", () => {
  it("are public queries of the router", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    for (const name of ["category.list", "product.list", "product.byId"]) {
      expect(isPublicRead(name)).toBe(true);
      expect(procedures[name]?._def.type).toBe("query");
    }
    expect(isPublicRead("cart.get")).toBe(false);
    expect(isPublicRead("toString")).toBe(false);
  });

  it("key on the input as the procedure parses it", () => {
    const a = decodePublicRead("product.list", JSON.parse('{"json":{"pageSize":7,"sort":"price_desc"}}'));
    const b = decodePublicRead("product.list", JSON.parse('{ "json" : { "sort" : "price_desc" , "pageSize" : 7 } }'));
    expect(a?.slot).toEqual(b?.slot);
    expect(a?.slot.family).toBe("products");
    // No input and an empty object list the same page.
    expect(decodePublicRead("product.list", undefined)?.slot).toEqual(decodePublicRead("product.list", wire({}))?.slot);
    expect(decodePublicRead("product.list", wire({ pageSize: 8 }))?.slot).not.toEqual(a?.slot);
    // A sort left out is the one it stands for: newest without a search, best match with one.
    expect(decodePublicRead("product.list", wire({ pageSize: 7 }))?.slot).toEqual(decodePublicRead("product.list", wire({ pageSize: 7, sort: "newest" }))?.slot);
    expect(decodePublicRead("product.list", wire({ search: "rum" }))?.slot).toEqual(decodePublicRead("product.list", wire({ search: "rum", sort: "relevance" }))?.slot);
    expect(decodePublicRead("product.list", wire({ search: "rum" }))?.slot).not.toEqual(decodePublicRead("product.list", wire({ search: "rum", sort: "newest" }))?.slot);
    expect(decodePublicRead("product.byId", wire({ id }))?.slot).toEqual({ key: `product:${id}` });
    expect(decodePublicRead("category.list", undefined)?.slot).toEqual({ key: "categories" });
  });

  it("leave input that does not decode or validate to the normal pipeline", () => {
    expect(decodePublicRead("product.byId", wire({ id: "nope" }))).toBeUndefined();
    expect(decodePublicRead("product.list", wire({ pageSize: -1 }))).toBeUndefined();
    expect(decodePublicRead("product.list", { json: {}, meta: { values: { x: ["not-a-type"] } } })).toBeUndefined();
    expect(decodePublicRead("cart.get", undefined)).toBeUndefined();
  });
});
