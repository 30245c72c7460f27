import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "./client";
import { createTestDatabase, type TestDatabase } from "./testing";
import { schemaSnapshot } from "./testing/snapshot";

describe("migrations", () => {
  let pg: TestDatabase | undefined;
  afterAll(async () => {
    await pg?.drop();
  });

  it("apply to an empty PostgreSQL database, and applying again changes nothing", async () => {
    pg = await createTestDatabase();
    const first = await schemaSnapshot(pg.database.db);
    expect(first.migrations.length).toBeGreaterThanOrEqual(2);
    expect(first.rowSecurity).toContain("wallets true true");
    expect(first.policies.some((p) => p.startsWith("wallets wallets_read SELECT caribex_app"))).toBe(true);
    // The ledger is written only through post_ledger: the application role reads it.
    expect(first.grants.filter((g) => g.startsWith("transactions ")).sort()).toEqual(["transactions SELECT"]);
    expect(first.indexes.some((i) => i.includes("products_search_idx") && i.includes("gin"))).toBe(true);
    expect(first.indexes.some((i) => i.includes("products_trgm_idx") && i.includes("gin_trgm_ops"))).toBe(true);
    // Exchange rates: readable by everyone, added (never changed) by admins and system jobs.
    expect(first.rowSecurity).toContain("fx_rates true true");
    expect(first.grants.filter((g) => g.startsWith("fx_rates ")).sort()).toEqual(["fx_rates INSERT", "fx_rates SELECT"]);

    await pg.database.migrate();
    await Promise.all([pg.database.migrate(), pg.database.migrate()]);
    expect(await schemaSnapshot(pg.database.db)).toEqual(first);
  });

  it("apply to PGlite with the same resulting schema, and again on reopening its folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "caribex-pglite-"));
    try {
      const lite = await createDatabase({ pgliteDir: dir });
      const first = await schemaSnapshot(lite.db);
      // The embedded database loads pg_trgm, so typo-tolerant search works there too.
      const fuzzy = await lite.db.execute(sql`select 'cofee' <% 'blue mountain coffee' as hit, fx_rate('JMD', 'JMD')::text as same`);
      expect((fuzzy as unknown as { rows: { hit: boolean; same: string }[] }).rows[0]).toEqual({ hit: true, same: "1" });
      await lite.migrate();
      expect(await schemaSnapshot(lite.db)).toEqual(first);
      await lite.close();

      const reopened = await createDatabase({ pgliteDir: dir });
      expect(await schemaSnapshot(reopened.db)).toEqual(first);
      await reopened.close();

      // Same tables, constraints, policies and grants as on the real server.
      const server = await schemaSnapshot(pg!.database.db);
      for (const key of ["columns", "constraints", "policies", "rowSecurity", "grants", "migrations"] as const) {
        expect(first[key], key).toEqual(server[key]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
