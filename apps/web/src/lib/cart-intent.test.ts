import { describe, expect, it } from "vitest";
import { CART_INTENT_MAX_AGE_MS, parseCartIntent } from "./cart-intent";

const ID = "0b0f4c1e-6c1a-4d2e-9a51-3c2b1d0e9f87";
const NOW = 1_800_000_000_000;
const stored = (patch: Record<string, unknown> = {}) => JSON.stringify({ productId: ID, title: "Blue Mountain coffee", quantity: 2, savedAt: NOW - 1000, ...patch });

describe("cart intent kept through sign-in", () => {
  it("reads back what was saved", () => {
    expect(parseCartIntent(stored(), NOW)).toEqual({ productId: ID, title: "Blue Mountain coffee", quantity: 2, savedAt: NOW - 1000 });
  });

  it("drops an intent abandoned for too long, or dated in the future", () => {
    expect(parseCartIntent(stored({ savedAt: NOW - CART_INTENT_MAX_AGE_MS - 1 }), NOW)).toBeNull();
    expect(parseCartIntent(stored({ savedAt: NOW + 10 * 60_000 }), NOW)).toBeNull();
  });

  it("refuses anything malformed", () => {
    for (const bad of [
      null,
      "",
      "not json",
      stored({ productId: "../../admin" }),
      stored({ quantity: 0 }),
      stored({ quantity: 1.5 }),
      stored({ quantity: "2" }),
      stored({ title: 5 }),
      stored({ savedAt: "yesterday" }),
    ]) {
      expect(parseCartIntent(bad, NOW)).toBeNull();
    }
  });
});
