import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMIT_WITH, type Db } from "./client";
import { createTestDatabase, type TestDatabase } from "./testing";

// Transactions whose first statements and whose commit travel with other statements, without waiting for answers.
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await t.database.db.execute(sql`create table pipelined (x int primary key)`);
});
afterAll(() => t?.drop());

const first = { text: "select set_config('app.role', $1, true)", params: ["system"] };
const rows = async () => (await t.database.db.execute(sql`select x from pipelined order by x`)) as unknown as { x: number }[];
const commitWith = (tx: Db) => (tx as unknown as { [COMMIT_WITH]: <T>(last: () => Promise<T>) => Promise<T> })[COMMIT_WITH];
const run = <T>(fn: (tx: Db) => Promise<T>) => t.database.pipelinedTransaction!(first, fn);

describe("pipelined transactions", () => {
  it("run their first statement before the work, and commit with the last statement", async () => {
    const role = await run(async (tx) => {
      const [row] = (await tx.execute(sql`select current_setting('app.role', true) as role`)) as unknown as { role: string }[];
      await commitWith(tx)(() => tx.execute(sql`insert into pipelined values (1)`));
      return row?.role;
    });
    expect(role).toBe("system");
    expect(await rows()).toEqual([{ x: 1 }]);
  });

  it("commit nothing when the last statement fails, though the commit was already sent", async () => {
    await expect(
      run(async (tx) => {
        await tx.execute(sql`insert into pipelined values (2)`);
        await commitWith(tx)(() => tx.execute(sql`insert into pipelined values (1)`));
      }),
    ).rejects.toMatchObject({ cause: { code: "23505" } });
    expect(await rows()).toEqual([{ x: 1 }]);
  });

  it("refuse a statement after the last one", async () => {
    await expect(
      run(async (tx) => {
        await commitWith(tx)(() => tx.execute(sql`insert into pipelined values (3)`));
        await tx.execute(sql`insert into pipelined values (4)`);
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/already committing/) } });
    // The last statement and its commit went out before the refusal.
    expect(await rows()).toEqual([{ x: 1 }, { x: 3 }]);
  });

  it("throw the first statement's error when it fails", async () => {
    const bad = { text: "select set_config('app.role', $1::int::text, true)", params: ["not a number"] };
    await expect(t.database.pipelinedTransaction!(bad, (tx) => tx.execute(sql`select 1`))).rejects.toMatchObject({ code: "22P02" });
    expect(await rows()).toEqual([{ x: 1 }, { x: 3 }]);
  });
});
