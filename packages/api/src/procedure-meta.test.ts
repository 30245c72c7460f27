import { describe, expect, it } from "vitest";
import { proceduresOf } from "./procedure-meta";
import { appRouter } from "./root";

const procedures = proceduresOf(appRouter);
const byPath = new Map(procedures.map((p) => [p.path, p]));

describe("facts procedures declare", () => {
  it("money and identity procedures take the sensitive rate class; wallet reads the apps poll do not", () => {
    const sensitive = procedures.filter((p) => p.meta.rateLimit === "sensitive").map((p) => p.path);
    // Every procedure that moves money or touches identity, by the areas that hold them.
    const expected = procedures
      .map((p) => p.path)
      .filter(
        (path) =>
          path.startsWith("auth.") ||
          path.startsWith("checkout.") ||
          path.startsWith("wallet.") ||
          path === "admin.wallet.credit" ||
          // an admin's decision on a held withdrawal sends it or refunds it
          path === "admin.withdrawalReviews.approve" ||
          path === "admin.withdrawalReviews.reject",
      )
      .filter((path) => !["wallet.chainStatus", "wallet.depositInfo", "wallet.deposits", "wallet.withdrawals", "wallet.withdrawalHolds.list"].includes(path));
    expect(sensitive.sort()).toEqual(expected.sort());
    expect(sensitive).toContain("wallet.send");
    expect(sensitive).toContain("auth.signIn");
  });

  it("public reads are queries anyone may call", () => {
    const reads = procedures.filter((p) => p.meta.publicRead);
    expect(reads.map((p) => p.path).sort()).toEqual(["category.list", "product.byId", "product.list"]);
    for (const p of reads) expect(p.type).toBe("query");
  });

  it("REST routes are unique, queries are GETs, and path parameters are input fields", () => {
    const routes = procedures.filter((p) => p.meta.openapi);
    const keys = routes.map((p) => `${p.meta.openapi!.method} ${p.meta.openapi!.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of routes) {
      const { method, path } = p.meta.openapi!;
      expect(p.type === "query", p.path).toBe(method === "GET");
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const shape = (p.input as unknown as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
      for (const name of names) expect(Object.keys(shape), `${p.path} {${name}}`).toContain(name);
    }
    expect(byPath.get("checkout.place")?.meta.openapi).toMatchObject({ method: "POST", path: "/checkout", protect: true });
  });
});
