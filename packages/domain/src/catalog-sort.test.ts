import { describe, expect, it } from "vitest";
import { effectiveSort } from "./catalog";

describe("effectiveSort", () => {
  it("ranks a search by relevance unless another known order is chosen", () => {
    expect(effectiveSort(undefined, "rum cake")).toBe("relevance");
    expect(effectiveSort("relevance", "rum")).toBe("relevance");
    expect(effectiveSort("price_asc", "rum")).toBe("price_asc");
    expect(effectiveSort("bogus", "rum")).toBe("relevance");
  });
  it("lists newest first without a search, whatever ranking was asked for", () => {
    expect(effectiveSort(undefined, undefined)).toBe("newest");
    expect(effectiveSort("relevance", "   ")).toBe("newest");
    expect(effectiveSort("title", "")).toBe("title");
  });
});
