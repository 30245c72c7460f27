import { describe, expect, it } from "vitest";
import { canonicalJson, cartHash, requestHash } from "./hash";

describe("request hashing", () => {
  it("ignores key order and undefined fields", () => {
    expect(requestHash({ a: 1, b: 2n, c: undefined })).toBe(requestHash({ b: 2n, a: 1 }));
  });

  it("distinguishes bigint from the same digits as a number or string", () => {
    expect(canonicalJson({ amount: 5n })).not.toBe(canonicalJson({ amount: 5 }));
    expect(requestHash({ amount: 5n })).not.toBe(requestHash({ amount: "5" }));
  });

  it("treats null and a missing memo differently from an empty one", () => {
    expect(requestHash({ memo: null })).not.toBe(requestHash({ memo: "" }));
  });

  it("hashes a cart independently of line order", () => {
    const a = { productId: "a", quantity: 1 };
    const b = { productId: "b", quantity: 3 };
    expect(cartHash([a, b])).toBe(cartHash([b, a]));
    expect(cartHash([a, b])).not.toBe(cartHash([a, { ...b, quantity: 2 }]));
    expect(cartHash([])).not.toBe(cartHash([a]));
  });
});
