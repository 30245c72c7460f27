import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./ids";

describe("storefront return path after sign-in", () => {
  it("never leaves the origin, whatever `next` says", () => {
    for (const query of ["next=/%09/evil.com", "next=/%5Cevil.com", "next=//evil.com", "next=/%0A/evil.com", "next=/.//evil.com", "next=https://evil.com"]) {
      expect(safeReturnPath(new URLSearchParams(query).get("next")), query).toBe("/");
    }
  });
  it("keeps a same-origin deep link", () => {
    expect(safeReturnPath("/products/abc?x=1")).toBe("/products/abc?x=1");
  });
});
