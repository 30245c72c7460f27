import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPEATABLE_FOLDER } from "./client";
import { domainSqlFiles } from "./domain-sql";
import { REPEATABLE_FUNCTIONS, repeatableFiles } from "./repeatable";

describe("SQL generated from the domain", () => {
  it.each(Object.entries(domainSqlFiles()))("%s is what the domain's constants give (run `pnpm db:domain-sql`)", (file, text) => {
    expect(readFileSync(path.join(REPEATABLE_FOLDER, file), "utf8")).toBe(text);
  });

  it("changes when the domain's transition table or currency list changes", () => {
    const files = domainSqlFiles();
    expect(files["functions/order_transition_parties.sql"]).toContain("WHEN 'paid>shipped' THEN ARRAY['seller']::text[]");
    expect(files["functions/domain_currencies.sql"]).toContain("ARRAY['JMD', 'USD', 'USDC']::text[]");
    expect(files["functions/withdrawal_transition_allowed.sql"]).toContain("'broadcast>requested'");
  });
});

describe("repeatable SQL files", () => {
  it("lists every file of the folder once, functions in their declared order, then the policies", () => {
    const functions = readdirSync(path.join(REPEATABLE_FOLDER, "functions")).filter((f) => f.endsWith(".sql")).map((f) => f.replace(/\.sql$/, ""));
    expect([...REPEATABLE_FUNCTIONS].sort()).toEqual(functions.sort());
    const files = repeatableFiles(REPEATABLE_FOLDER);
    expect(new Set(files).size).toBe(files.length);
    expect(files.findIndex((f) => f.startsWith("policies/"))).toBe(REPEATABLE_FUNCTIONS.length);
  });

  it("define each function in the file named after it, and nowhere else", () => {
    const defined = new Map<string, string[]>();
    for (const file of repeatableFiles(REPEATABLE_FOLDER)) {
      const text = readFileSync(path.join(REPEATABLE_FOLDER, file), "utf8");
      for (const m of text.matchAll(/CREATE OR REPLACE FUNCTION ([a-z_]+)\(/g)) defined.set(m[1]!, [...(defined.get(m[1]!) ?? []), file]);
    }
    for (const [name, files] of defined) {
      expect(new Set(files), name).toEqual(new Set([name === "domain_chain_account_kinds" ? "functions/domain_account_kinds.sql" : `functions/${name}.sql`]));
    }
  });
});
