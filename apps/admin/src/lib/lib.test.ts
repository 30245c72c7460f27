import { describe, expect, it } from "vitest";
import { productListQuery } from "./products-table";
import { lastDays, sellerSales } from "./sales";
import { hrefWith, oneOf, pageParam, returnPathParam } from "./search-params";
import { describeError } from "./errors";

describe("productListQuery", () => {
  it("sends search, sort and status to the API, leaving out what means everything", () => {
    expect(productListQuery({ q: "  bammy ", status: "archived", sort: "price_asc", page: 2 }, 20)).toEqual({
      page: 2,
      pageSize: 20,
      sort: "price_asc",
      search: "bammy",
      status: "archived",
    });
    expect(productListQuery({ q: "   ", status: "all", sort: "newest", page: 1 }, 20)).toEqual({ page: 1, pageSize: 20, sort: "newest" });
  });
});

describe("sellerSales", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  it("charts revenue only for currencies the shop sold in, in currency order", () => {
    const days = lastDays(3, now);
    const s = sellerSales({
      days: 3,
      sales: days.flatMap((day) => [
        { day, currency: "USDC" as const, amount: day === "2025-03-09" ? 7n : 0n, orders: day === "2025-03-09" ? 1 : 0 },
        { day, currency: "JMD" as const, amount: day === "2025-03-10" ? 1500n : 0n, orders: day === "2025-03-10" ? 2 : 0 },
        { day, currency: "USD" as const, amount: 0n, orders: 0 },
      ]),
      orders: days.map((day) => ({ day, count: day === "2025-03-10" ? 2 : day === "2025-03-09" ? 1 : 0 })),
      totals: [
        { currency: "USDC", amount: 7n, orders: 1 },
        { currency: "JMD", amount: 1500n, orders: 2 },
      ],
    });
    expect(s.revenue.map((r) => r.currency)).toEqual(["JMD", "USDC"]);
    expect(s.ordersPerDay).toEqual([
      { date: "2025-03-08", value: 0 },
      { date: "2025-03-09", value: 1 },
      { date: "2025-03-10", value: 2 },
    ]);
    expect(s.revenuePerDay.JMD?.map((d) => d.amount)).toEqual([0n, 0n, 1500n]);
    expect(s.revenuePerDay.USDC?.at(1)).toEqual({ date: "2025-03-09", amount: 7n });
    expect(s.revenuePerDay.USD).toBeUndefined();
  });
  it("lists calendar days oldest first", () => {
    expect(lastDays(3, now)).toEqual(["2025-03-08", "2025-03-09", "2025-03-10"]);
  });
});

describe("search params", () => {
  it("reads and writes table state", () => {
    expect(pageParam({ page: "3" })).toBe(3);
    expect(pageParam({ page: "-1" })).toBe(1);
    expect(oneOf({ s: "x" }, "s", ["a", "b"] as const, "a")).toBe("a");
    expect(hrefWith("/t", { q: "tea", page: 2 }, { page: 1, sort: "title" })).toBe("/t?q=tea&sort=title");
  });
});

describe("describeError", () => {
  it("prefers the API's code and message, adding what to do next", () => {
    const v = describeError({ message: "Category is in use by 3 products", data: { domainCode: "CATEGORY.IN_USE", httpStatus: 409 } });
    expect(v).toMatchObject({ code: "CATEGORY.IN_USE", message: "Category is in use by 3 products", status: 409 });
    expect(v.hint).toMatch(/products/);
  });
  it("reads invalid input from the issues the API sends, field by field", () => {
    const v = describeError({
      message: "Input is invalid",
      data: {
        domainCode: "VALIDATION.INVALID_INPUT",
        httpStatus: 400,
        details: { issues: [{ path: "price", message: "Too small", code: "too_small" }, { path: "title", message: "Required" }] },
      },
    });
    expect(v).toMatchObject({ code: "VALIDATION.INVALID_INPUT", message: "price: Too small", status: 400 });
    expect(v.fieldErrors).toEqual({ price: ["Too small"], title: ["Required"] });
  });
  it("explains an unreachable API", () => {
    expect(describeError(new TypeError("fetch failed")).message).toMatch(/could not be reached/);
  });
});

describe("fillStats", () => {
  it("fills quiet days with zero and totals sales per currency", async () => {
    const { fillStats } = await import("./admin-stats");
    const s = fillStats(
      {
        sales: [
          { day: "2025-03-09", currency: "USD", amount: 250n },
          { day: "2025-03-10", currency: "USD", amount: 100n },
          { day: "2025-03-10", currency: "JMD", amount: 0n },
        ],
        orders: [{ day: "2025-03-10", count: 2 }],
        signups: [],
      },
      3,
      new Date("2025-03-10T05:00:00Z"),
    );
    expect(s.orders.map((d) => d.value)).toEqual([0, 0, 2]);
    expect(s.signups.every((d) => d.value === 0)).toBe(true);
    expect(s.sales.USD?.map((d) => d.amount)).toEqual([0n, 250n, 100n]);
    expect(s.totals).toEqual([{ currency: "USD", amount: 350n }]);
  });
});

describe("returnPathParam", () => {
  it("accepts only same-origin paths from ?next=", () => {
    for (const query of ["next=/%5Cevil.com", "next=/%09/evil.com", "next=//evil.com", "next=/.//evil.com", "next=javascript:alert(1)", "next="]) {
      const sp = Object.fromEntries(new URLSearchParams(query));
      expect(returnPathParam(sp), query).toBeNull();
    }
    expect(returnPathParam({ next: "/seller/orders?status=paid" })).toBe("/seller/orders?status=paid");
    expect(returnPathParam({})).toBeNull();
  });
});
