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
    const id = "8f14e45f-ceea-4e7a-9c3d-2b1f8d0c3f11";
    for (const ok of ["2024-02-29 23:59:59+00", "2026-12-31T00:00:00Z", "2026-06-01 10:00:00.5+05:30", "2026-06-01 10:00:00-0345", "2026-06-01 10:00:00"]) {
      expect(decodeCursor(encodeCursor(ok, id)).createdAt, ok).toBe(ok);
    }
    // Dates and times that do not exist, and ids that are not uuids: each would be a database error.
    const impossible = [
      "2026-13-01 00:00:00+00",
      "2026-00-10 00:00:00+00",
      "2026-02-30 00:00:00+00",
      "2025-02-29 00:00:00+00",
      "2026-04-31 00:00:00+00",
      "2026-01-00 00:00:00+00",
      "2026-01-01 24:00:00+00",
      "2026-01-01 12:60:00+00",
      "2026-01-01 12:00:61+00",
      "0000-01-01 00:00:00+00",
      "2026-01-01 00:00:00+99",
      "2026-01-01 00:00:00.1234567+00",
      "2026-01-01 1:2:3+00",
      "2026-01-01 ::::+00",
    ];
    for (const bad of impossible) {
      expect(() => decodeCursor(encodeCursor(bad, id)), bad).toThrow(expect.objectContaining({ code: "VALIDATION.INVALID_INPUT" }));
    }
    expect(() => decodeCursor(encodeCursor("2026-01-01 00:00:00+00", "------------------------------------"))).toThrow(
      expect.objectContaining({ code: "VALIDATION.INVALID_INPUT" }),
    );
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
