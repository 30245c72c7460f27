import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./ledger";
import { decodeJson, encodeJson } from "./json";
import { toPrefixQuery } from "./products";

describe("toPrefixQuery", () => {
  it("turns words into prefix terms joined by AND", () => {
    expect(toPrefixQuery("Cof  Bean")).toBe("cof:* & bean:*");
    expect(toPrefixQuery("café-au-lait")).toBe("café:* & au:* & lait:*");
  });
  it("drops tsquery operators and yields null when no word is left", () => {
    expect(toPrefixQuery("a & b | !c:*")).toBe("a:* & b:* & c:*");
    expect(toPrefixQuery("&|!():*'")).toBeNull();
    expect(toPrefixQuery("")).toBeNull();
    expect(toPrefixQuery(undefined)).toBeNull();
  });
  it("bounds the number of words", () => {
    expect(toPrefixQuery(Array.from({ length: 20 }, (_, i) => `w${i}`).join(" "))!.split("&")).toHaveLength(8);
  });
});

describe("history cursor", () => {
  it("round-trips and rejects garbage", () => {
    const c = encodeCursor("2026-01-02 03:04:05.123456+00", "8f14e45f-ceea-4e7a-9c3d-2b1f8d0c3f11");
    expect(decodeCursor(c)).toEqual({ createdAt: "2026-01-02 03:04:05.123456+00", id: "8f14e45f-ceea-4e7a-9c3d-2b1f8d0c3f11" });
    for (const bad of ["", "abc", encodeCursor("x'; drop table users", "8f14e45f-ceea-4e7a-9c3d-2b1f8d0c3f11"), encodeCursor("2026-01-02", "nope")]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: "VALIDATION.INVALID_INPUT" }));
    }
  });
});

describe("idempotent result encoding", () => {
  it("keeps bigint and Date through JSON", () => {
    const value = { amount: 10n ** 15n, at: new Date("2026-01-01T00:00:00Z"), items: [{ n: 1n }], note: null, text: "x" };
    const stored = encodeJson(value);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(decodeJson(stored)).toEqual(value);
    expect(encodeJson(undefined)).toBeNull();
  });
});
