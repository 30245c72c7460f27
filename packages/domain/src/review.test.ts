import { describe, expect, it } from "vitest";
import { containsHtml, reviewRefusal, summarizeRatings, type ReviewTarget } from "./review";

describe("summarizeRatings", () => {
  it("is empty without reviews", () => {
    expect(summarizeRatings([0, 0, 0, 0, 0])).toEqual({ average: null, count: 0 });
  });
  it("rounds the mean half up to one decimal", () => {
    // 5 + 5 + 4 + 3 = 17 / 4 = 4.25 → 4.3
    expect(summarizeRatings([0, 0, 1, 1, 2])).toEqual({ average: 4.3, count: 4 });
    // 5 + 4 + 4 = 13 / 3 = 4.333… → 4.3
    expect(summarizeRatings([0, 0, 0, 2, 1])).toEqual({ average: 4.3, count: 3 });
    expect(summarizeRatings([1, 0, 0, 0, 0])).toEqual({ average: 1, count: 1 });
    // 1 + 2 = 3 / 2 = 1.5
    expect(summarizeRatings([1, 1, 0, 0, 0])).toEqual({ average: 1.5, count: 2 });
  });
});

describe("containsHtml", () => {
  it("refuses tags, comments and entities", () => {
    for (const s of ["<b>great</b>", "nice <script>alert(1)</script>", "<img src=x onerror=y>", "a <!-- b", "a &amp; b", "&#60;b&#62;"]) {
      expect(containsHtml(s), s).toBe(true);
    }
  });
  it("allows plain text with angle brackets and ampersands", () => {
    for (const s of ["5 < 6 and 7 > 3", "salt & pepper", "size <12 fits", "I <3 it"]) expect(containsHtml(s), s).toBe(false);
  });
});

describe("reviewRefusal", () => {
  const line: ReviewTarget = { orderItemId: "i", productId: "p", sellerId: "s", buyerId: "b", orderStatus: "completed", reviewId: null };
  it("lets the buyer of a completed line review it once", () => {
    expect(reviewRefusal(line, "b")).toBeNull();
    expect(reviewRefusal({ ...line, reviewId: "r" }, "b")).toBe("ALREADY_REVIEWED");
  });
  it("refuses anyone else, an unfinished order and the seller", () => {
    expect(reviewRefusal(line, "x")).toBe("NOT_BUYER");
    expect(reviewRefusal({ ...line, orderStatus: "shipped" }, "b")).toBe("NOT_COMPLETED");
    expect(reviewRefusal({ ...line, sellerId: "b" }, "b")).toBe("OWN_PRODUCT");
  });
});
