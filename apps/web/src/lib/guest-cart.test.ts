import { describe, expect, it } from "vitest";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "@caribex/domain";
import { addGuestLine, GUEST_LINE_MAX_AGE_MS, parseGuestCart, type GuestLine } from "./guest-cart";

const ID = "0b0f4c1e-6c1a-4d2e-9a51-3c2b1d0e9f87";
const NOW = 1_800_000_000_000;
const line = (patch: Record<string, unknown> = {}) => ({ productId: ID, title: "Blue Mountain coffee", quantity: 2, addedAt: NOW - 1000, ...patch });
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("the cart kept before signing in", () => {
  it("reads back what was saved, one line per product", () => {
    expect(parseGuestCart(JSON.stringify([line(), line({ quantity: 5 })]), NOW)).toEqual([line()]);
  });

  it("drops lines left for too long, dated in the future, or malformed, and keeps the rest", () => {
    const raw = JSON.stringify([
      line({ addedAt: NOW - GUEST_LINE_MAX_AGE_MS - 1 }),
      line({ productId: id(1), addedAt: NOW + 10 * 60_000 }),
      line({ productId: "../../admin" }),
      line({ productId: id(2), quantity: 0 }),
      line({ productId: id(3), quantity: 1.5 }),
      line({ productId: id(4), quantity: "2" }),
      line({ productId: id(5), title: 5 }),
      null,
      line({ productId: id(6) }),
    ]);
    expect(parseGuestCart(raw, NOW).map((l) => l.productId)).toEqual([id(6)]);
    for (const bad of [null, "", "not json", "{}", '"text"']) expect(parseGuestCart(bad, NOW)).toEqual([]);
  });

  it("caps a stored quantity and the number of lines at the cart's own limits", () => {
    const many = Array.from({ length: MAX_CART_LINES + 5 }, (_, i) => line({ productId: id(i), quantity: MAX_LINE_QUANTITY + 7 }));
    const lines = parseGuestCart(JSON.stringify(many), NOW);
    expect(lines).toHaveLength(MAX_CART_LINES);
    expect(lines.every((l) => l.quantity === MAX_LINE_QUANTITY)).toBe(true);
  });

  it("adds to a line up to the stock, and says so when nothing more fits", () => {
    const first = addGuestLine([], { productId: ID, title: "Blue Mountain coffee", quantity: 2, stock: 3 }, NOW);
    expect(first).toEqual({ ok: true, quantity: 2, lines: [line({ addedAt: NOW })] });
    const second = addGuestLine((first as { lines: GuestLine[] }).lines, { productId: ID, title: "Blue Mountain coffee", quantity: 2, stock: 3 }, NOW);
    expect(second).toMatchObject({ ok: true, quantity: 3 });
    const third = addGuestLine((second as { lines: GuestLine[] }).lines, { productId: ID, title: "Blue Mountain coffee", quantity: 1, stock: 3 }, NOW);
    expect(third).toEqual({ ok: false, message: "Only 3 in stock: your cart already holds them all." });
  });

  it("refuses a new product once the cart holds the most products a cart may", () => {
    const full = Array.from({ length: MAX_CART_LINES }, (_, i) => ({ productId: id(i), title: `P${i}`, quantity: 1, addedAt: NOW }));
    expect(addGuestLine(full, { productId: ID, title: "One more", quantity: 1, stock: 9 }, NOW)).toMatchObject({ ok: false });
    expect(addGuestLine(full, { productId: id(0), title: "P0", quantity: 1, stock: 9 }, NOW)).toMatchObject({ ok: true, quantity: 2 });
  });
});
