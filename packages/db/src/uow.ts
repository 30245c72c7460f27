import { sql } from "drizzle-orm";
import type { Actor, Repositories, UnitOfWork } from "@caribex/domain";
import type { Database, Db } from "./client";
import { isRetryable } from "./errors";
import { createRepositories } from "./repositories";

/** The NOLOGIN role every request transaction switches to; created by the rls migration. */
export const APP_ROLE = "caribex_app";

export interface UnitOfWorkOptions {
  /** Attempts in total for a transaction that hits a serialization failure or deadlock. */
  maxAttempts?: number;
}

/**
 * The settings the row-level security policies and the money functions (post_ledger, transition_order) read.
 * Use cases run as the signed-in user, money paths included; the `system` role, which those functions trust
 * with any movement, is only for work no user starts (seeding, sign-in bookkeeping, background jobs).
 */
export function actorSettings(actor: Actor): { userId: string; role: string } {
  switch (actor.kind) {
    case "anonymous":
      return { userId: "", role: "anonymous" };
    case "user":
      return { userId: actor.userId, role: actor.role };
    case "system":
      return { userId: actor.onBehalfOf ?? "", role: "system" };
  }
}

/**
 * Opens a transaction that runs under row-level security for the actor: the role switch and both settings are
 * transaction-local, so nothing leaks to the next user of the pooled connection.
 */
export async function withActor<T>(database: Database, actor: Actor, fn: (tx: Db) => Promise<T>): Promise<T> {
  const { userId, role } = actorSettings(actor);
  return database.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', ${APP_ROLE}, true), set_config('app.user_id', ${userId}, true), set_config('app.role', ${role}, true)`,
    );
    return fn(tx as unknown as Db);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function retrying<T>(attempt: () => Promise<T>, maxAttempts: number): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n >= maxAttempts || !isRetryable(e)) throw e;
      // Jittered backoff so the transactions that collided do not collide again in lockstep.
      await sleep(Math.random() * 10 * 2 ** n);
    }
  }
}

export function createUnitOfWork(database: Database, opts: UnitOfWorkOptions = {}): UnitOfWork {
  const maxAttempts = opts.maxAttempts ?? 5;
  return {
    run<T>(actor: Actor, fn: (repos: Repositories) => Promise<T>): Promise<T> {
      return retrying(() => withActor(database, actor, (tx) => fn(createRepositories(tx))), maxAttempts);
    },
  };
}
