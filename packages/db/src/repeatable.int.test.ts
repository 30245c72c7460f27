import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, MIGRATIONS_FOLDER, REPEATABLE_FOLDER } from "./client";
import { applyRepeatables, repeatableFiles } from "./repeatable";
import { rowsOf } from "./repositories/util";
import { createTestDatabase, dropDatabase, TEST_SERVER_URL, type TestDatabase } from "./testing";
import { schemaSnapshot } from "./testing/snapshot";

/** The last versioned migration of the release before SQL functions moved to drizzle/repeatable/. */
const BEFORE_REPEATABLES = "0013_shipped_at_from_database";

/**
 * A copy of drizzle/ holding only the versioned migrations up to and including `lastTag`: what a database built
 * by that release's migrator got (it knew nothing of repeatable files).
 */
function migrationsUpTo(lastTag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "caribex-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe("repeatable SQL (one file per function, trigger set and table's policies)", () => {
  const dbs: TestDatabase[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("an upgraded database gets exactly the catalogue of a fresh one: functions, triggers, policies, grants, tables", async () => {
    const fresh = await createTestDatabase();
    dbs.push(fresh);

    // A database as the earlier release left it: its versioned migrations only, then today's migrator.
    const upgraded = await createTestDatabase();
    dbs.push(upgraded);
    await upgraded.database.close();
    const name = `${upgraded.name}_old`;
    const admin = postgres(`${TEST_SERVER_URL}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    try {
      const old = postgres(`${TEST_SERVER_URL}/${name}`, { max: 1, onnotice: () => {} });
      const dir = migrationsUpTo(BEFORE_REPEATABLES);
      dirs.push(dir);
      await migrate(drizzle(old), { migrationsFolder: dir });
      await old.end();
      const database = await createDatabase({ url: `${TEST_SERVER_URL}/${name}`, poolSize: 2 });
      try {
        await database.migrate();
        const a = await schemaSnapshot(fresh.database.db);
        const b = await schemaSnapshot(database.db);
        expect(b).toEqual(a);
        expect(a.functions.some((f) => f.startsWith("post_ledger(legs jsonb) "))).toBe(true);
        expect(a.triggers.some((t) => t.includes("withdrawals_status_guard"))).toBe(true);
      } finally {
        await database.close();
      }
    } finally {
      await dropDatabase(name);
    }
  });

  it("are applied once, again only from the first file whose text changed, and a failing file changes nothing", async () => {
    const pg = await createTestDatabase();
    dbs.push(pg);
    const one = postgres(pg.url, { max: 1, onnotice: () => {} });
    const run = {
      exec: async (script: string) => void (await one.unsafe(script).simple()),
      query: async <T,>(text: string, params: unknown[]) => (await one.unsafe(text, params as never[])) as unknown as T[],
    };
    try {
      expect(await applyRepeatables(run, REPEATABLE_FOLDER)).toEqual([]);

      const dir = mkdtempSync(path.join(tmpdir(), "caribex-repeatable-"));
      dirs.push(dir);
      cpSync(REPEATABLE_FOLDER, dir, { recursive: true });
      const files = repeatableFiles(dir);
      const target = path.join(dir, "functions", "fx_rate.sql");
      writeFileSync(target, `${readFileSync(target, "utf8")}\nCOMMENT ON FUNCTION fx_rate(text, text) IS 'latest rate';\n`);
      const applied = await applyRepeatables(run, dir);
      expect(applied).toEqual(files.slice(files.indexOf("functions/fx_rate.sql")));
      const comment = rowsOf<{ c: string }>(await pg.database.db.execute(sql`select obj_description('fx_rate(text,text)'::regprocedure) as c`));
      expect(comment[0]!.c).toBe("latest rate");
      expect(await applyRepeatables(run, dir)).toEqual([]);

      // A file that fails leaves the functions and the recorded checksums as they were.
      writeFileSync(target, `${readFileSync(target, "utf8")}\nSELECT no_such_function();\n`);
      await expect(applyRepeatables(run, dir)).rejects.toThrow(/no_such_function/);
      expect(await applyRepeatables(run, REPEATABLE_FOLDER)).toEqual(files.slice(files.indexOf("functions/fx_rate.sql")));
      const after = rowsOf<{ c: string | null }>(await pg.database.db.execute(sql`select obj_description('fx_rate(text,text)'::regprocedure) as c`));
      // Restoring the canonical text re-creates the function; a comment is not part of its definition.
      expect(after[0]!.c).toBe("latest rate");
    } finally {
      await one.end();
    }
  });
});
