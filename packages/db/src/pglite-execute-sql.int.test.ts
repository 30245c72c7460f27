import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "./client";

describe("SQL text on the embedded database's one connection (what the job queue uses)", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createDatabase({});
  });
  afterAll(() => database?.close());

  it("runs a statement with parameters and a script with its own transaction", async () => {
    expect((await database.executeSql!("select $1::int + 1 as n", [41])).rows).toEqual([{ n: 42 }]);
    await database.executeSql!("BEGIN; create table queue_probe (x int); insert into queue_probe values (1); COMMIT;");
    expect((await database.executeSql!("select count(*)::int as n from queue_probe")).rows).toEqual([{ n: 1 }]);
  });

  it("leaves nothing behind from a script that fails half-way: no rows, no aborted transaction", async () => {
    await expect(database.executeSql!("BEGIN; insert into queue_probe values (2); select 1/0; COMMIT;")).rejects.toThrow(/division by zero/);
    expect((await database.executeSql!("select count(*)::int as n from queue_probe")).rows).toEqual([{ n: 1 }]);
    // The application's own queries go on as before.
    expect(await database.db.execute(sql`select 1 as one`)).toMatchObject({ rows: [{ one: 1 }] });
  });
});
