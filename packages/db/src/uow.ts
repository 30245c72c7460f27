import { ExponentialBackoff, handleWhen, retry } from "cockatiel";
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

const SETTINGS = "select set_config('role', $1, true), set_config('app.user_id', $2, true), set_config('app.role', $3, true)";

/**
 * Opens a transaction that runs under row-level security for the actor: the role switch and both settings are
 * transaction-local, so nothing leaks to the next user of the pooled connection.
 *
 * On PostgreSQL the transaction's BEGIN, the settings and its first statement share one round trip (see
 * `pipelinedTransaction`); the server still runs them in that order, so no statement runs without the settings.
 */
export async function withActor<T>(database: Database, actor: Actor, fn: (tx: Db) => Promise<T>): Promise<T> {
  const { userId, role } = actorSettings(actor);
  if (database.pipelinedTransaction) return database.pipelinedTransaction({ text: SETTINGS, params: [APP_ROLE, userId, role] }, fn);
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.user_id', ${userId}, true), set_config('app.role', ${role}, true)`);
    return fn(tx as unknown as Db);
  });
}

/**
 * Runs a transaction again when it hit a serialization failure or deadlock, up to `maxAttempts` in total, with
 * jittered exponential backoff so the transactions that collided do not collide again in lockstep. Anything
 * else is thrown at once.
 */
export function retrying<T>(attempt: () => Promise<T>, maxAttempts: number): Promise<T> {
  const policy = retry(handleWhen(isRetryable), {
    maxAttempts: Math.max(0, maxAttempts - 1),
    backoff: new ExponentialBackoff({ initialDelay: 10, maxDelay: 200 }),
  });
  return policy.execute(attempt);
}

export function createUnitOfWork(database: Database, opts: UnitOfWorkOptions = {}): UnitOfWork {
  const maxAttempts = opts.maxAttempts ?? 5;
  return {
    run<T>(actor: Actor, fn: (repos: Repositories) => Promise<T>): Promise<T> {
      return retrying(() => withActor(database, actor, (tx) => fn(createRepositories(tx))), maxAttempts);
    },
  };
}
