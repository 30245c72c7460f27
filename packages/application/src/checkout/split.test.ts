import { priceCart, type Product } from "@caribex/domain";
import { describe, expect, it } from "vitest";
import { splitIntoOrders } from "./split";

const product = (id: string, sellerId: string, currency: Product["currency"], price: bigint): Product => ({
  id,
  sellerId,
  sellerName: `seller-${sellerId}`,
  title: `Product ${id}`,
  description: "",
  price,
  currency,
  quantity: 10,
  images: [],
  categoryId: null,
  isActive: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe("splitIntoOrders", () => {
  const products = new Map(
    [product("p1", "s2", "JMD", 150n), product("p2", "s1", "JMD", 1000n), product("p3", "s1", "USD", 99n), product("p4", "s2", "JMD", 5n)].map(
      (p) => [p.id, p] as const,
    ),
  );
  const priced = (lines: { productId: string; quantity: number }[]) =>
    priceCart(
      "cart",
      lines.map((l) => {
        const p = products.get(l.productId);
        return { productId: l.productId, title: p?.title ?? "?", unitPrice: p?.price ?? 1n, currency: p?.currency ?? "JMD", quantity: l.quantity };
      }),
    );

  it("makes one order per seller and currency, its total the sum of its priced lines", () => {
    const orders = splitIntoOrders(
      "buyer",
      priced([
        { productId: "p4", quantity: 2 },
        { productId: "p1", quantity: 3 },
        { productId: "p3", quantity: 1 },
        { productId: "p2", quantity: 1 },
      ]),
      products,
      "key-1",
    );
    expect(orders.map((o) => [o.sellerId, o.currency])).toEqual([
      ["s1", "JMD"],
      ["s1", "USD"],
      ["s2", "JMD"],
    ]);
    expect(orders.every((o) => o.buyerId === "buyer" && o.checkoutKey === "key-1")).toBe(true);
    expect(orders[2]!.items.map((i) => i.productId)).toEqual(["p1", "p4"]);
    expect(orders.map((o) => o.total)).toEqual([1000n, 99n, 460n]);
  });

  it("is independent of line order", () => {
    const lines = [
      { productId: "p1", quantity: 1 },
      { productId: "p2", quantity: 2 },
    ];
    expect(splitIntoOrders("b", priced(lines), products, null)).toEqual(splitIntoOrders("b", priced([...lines].reverse()), products, null));
  });

  it("refuses a line whose product was not read", () => {
    expect(() => splitIntoOrders("b", priced([{ productId: "nope", quantity: 1 }]), products, null)).toThrow();
  });
});
