import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeReturnPath("/orders")).toBe("/orders");
    expect(safeReturnPath("/products?q=rum+cake&page=2#reviews")).toBe("/products?q=rum+cake&page=2#reviews");
    expect(safeReturnPath("/admin/users", "/", "http://127.0.0.1:3001")).toBe("/admin/users");
    expect(safeReturnPath("/a/../b")).toBe("/b");
  });

  // Each of these, handed to router.push / redirect, would leave the site in some browser.
  const nasty = [
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\\/evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r\n/evil.com",
    "/.//evil.com",
    "/..//evil.com",
    "/./\\evil.com",
    "https://evil.com",
    "http:evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.com",
    " /orders",
    "",
    "/" + "a".repeat(3000),
  ];
  it.each(nasty.map((v) => [JSON.stringify(v).slice(0, 60), v]))("refuses %s", (_label, value) => {
    expect(safeReturnPath(value, "/home", "http://127.0.0.1:3000")).toBe("/home");
  });

  it("keeps odd but harmless paths on the origin, encoded", () => {
    for (const [value, path] of [
      ["/ /evil.com", "/%20/evil.com"],
      ["/%2F%2Fevil.com", "/%2F%2Fevil.com"],
      ["/%5Cevil.com", "/%5Cevil.com"],
    ] as const) {
      expect(safeReturnPath(value)).toBe(path);
      expect(new URL(path, "http://127.0.0.1:3000").origin).toBe("http://127.0.0.1:3000");
    }
  });

  it("refuses the reported payloads exactly (after the query string is decoded)", () => {
    expect(safeReturnPath(new URLSearchParams("next=/%5Cevil.com").get("next"))).toBe("/");
    expect(safeReturnPath(new URLSearchParams("next=/%09/evil.com").get("next"))).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
    expect(safeReturnPath(undefined, "/seller")).toBe("/seller");
  });
});
