import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDatabase, type Database, type DatabaseOptions } from "../client";
import { createUnitOfWork } from "../uow";
import type { UnitOfWork } from "@caribex/domain";

export const TEST_SERVER_URL = "postgres://postgres@127.0.0.1:5432";

export interface TestDatabase {
  /** Connection URL of the throwaway database. */
  url: string;
  name: string;
  database: Database;
  uow: UnitOfWork;
  /** Closes the pool, ends other connections to the database and drops it. */
  drop(): Promise<void>;
}

function admin() {
  return postgres(`${TEST_SERVER_URL}/postgres`, { max: 1, onnotice: () => {} });
}

/**
 * A fresh, migrated PostgreSQL database with a random name on the local server. Every integration test file
 * creates its own and drops it afterwards, so runs never share state.
 */
export async function createTestDatabase(opts: Omit<DatabaseOptions, "url"> = {}): Promise<TestDatabase> {
  const name = `caribex_test_${randomBytes(6).toString("hex")}`;
  const sql = admin();
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const url = `${TEST_SERVER_URL}/${name}`;
  const database = await createDatabase({ ...opts, url, poolSize: opts.poolSize ?? 10 });
  await database.migrate();
  let dropped = false;
  return {
    url,
    name,
    database,
    uow: createUnitOfWork(database),
    async drop() {
      if (dropped) return;
      dropped = true;
      await database.close().catch(() => {});
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  const sql = admin();
  try {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
