import type { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Actor } from "@caribex/domain";
import type { Db } from "../client";
import { rowsOf } from "../repositories/util";
import type { TestDatabase } from "./index";
import { withActor } from "../uow";

/**
 * Raw SQL run as a given actor, the way the app's own transactions run it: whatever comes back (or is refused) is
 * what row-level security and the money functions allow. `database` is read lazily so suites can create it in
 * `beforeAll`.
 */
export function asActor(database: () => TestDatabase) {
  const as = <T>(actor: Actor, fn: (db: Db) => Promise<T>) => withActor(database().database, actor, fn);
  return {
    as,
    /** The rows a query returns for this actor. */
    rows: async <T = Record<string, unknown>>(actor: Actor, query: ReturnType<typeof sql>) =>
      as(actor, async (db) => rowsOf<T>(await db.execute(query))),
    /** Read as the database owner, outside row-level security. */
    owner: async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => rowsOf<T>(await database().database.db.execute(query)),
  };
}

/** Expects the statement to fail with a database message matching `pattern` (drizzle keeps the driver's on `cause`). */
export async function expectRefused(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await work.then(
    () => null,
    (e: unknown) => e as { message: string; cause?: { message?: string } },
  );
  expect(error, "expected the statement to be refused").not.toBeNull();
  expect(error!.cause?.message ?? error!.message).toMatch(pattern);
}
