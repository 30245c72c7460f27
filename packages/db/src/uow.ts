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

/** The postgres.js client under a drizzle transaction on PostgreSQL (absent on PGlite). */
interface RawClient {
  unsafe(query: string, params: unknown[]): { execute(): PromiseLike<unknown> };
}
const rawClientOf = (tx: unknown): RawClient | undefined => (tx as { session?: { client?: RawClient } }).session?.client;

/**
 * Opens a transaction that runs under row-level security for the actor: the role switch and both settings are
 * transaction-local, so nothing leaks to the next user of the pooled connection.
 *
 * On PostgreSQL the settings are sent before the work starts but not awaited: postgres.js writes the statements
 * of one connection in the order they were issued without waiting for earlier answers, so the settings and the
 * transaction's first statement share one round trip and the server still runs the settings first. The settings
 * are dispatched here, synchronously, so no statement of `fn` can overtake them. Should they fail, every later
 * statement fails with the aborted transaction, and their own error is the one thrown.
 */
export async function withActor<T>(database: Database, actor: Actor, fn: (tx: Db) => Promise<T>): Promise<T> {
  const { userId, role } = actorSettings(actor);
  return database.db.transaction(async (tx) => {
    const client = database.kind === "postgres" ? rawClientOf(tx) : undefined;
    if (!client) {
      await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.user_id', ${userId}, true), set_config('app.role', ${role}, true)`);
      return fn(tx as unknown as Db);
    }
    const applied = Promise.resolve(client.unsafe(SETTINGS, [APP_ROLE, userId, role]).execute()).then(
      () => null,
      (e: unknown) => ({ error: e }),
    );
    let result: T;
    try {
      result = await fn(tx as unknown as Db);
    } catch (e) {
      const failed = await applied;
      throw failed ? failed.error : e;
    }
    const failed = await applied;
    if (failed) throw failed.error;
    return result;
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
