import { AsyncResource } from "node:async_hooks";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { applyRepeatables } from "./repeatable";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A drizzle handle: the database itself or a transaction inside it. Both drivers share the pg-core API. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface QueryEvent {
  sql: string;
  durationMs: number;
  error?: unknown;
  /** PostgreSQL only: the values bound to the statement's parameters, as sent. */
  params?: readonly unknown[];
  /** PostgreSQL only: what the statement returned, when it succeeded. */
  result?: unknown;
}

export interface DatabaseOptions {
  /** postgres:// URL; without it an embedded PGlite database is used. */
  url?: string;
  poolSize?: number;
  /** Folder for PGlite's files; omitted or "memory://" keeps everything in memory. */
  pgliteDir?: string;
  onQuery?: (e: QueryEvent) => void;
}

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Applies pending migrations from the drizzle/ folder; safe to call again and from several processes. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Connections currently busy (open transactions plus standalone queries in flight). */
  poolInUse(): number;
  /**
   * PostgreSQL only: runs `fn` in a transaction whose BEGIN and `first` statement are written to the connection
   * at once, together with the first statement of `fn`, instead of one round trip each. postgres.js sends the
   * statements of one connection in the order they were issued without waiting for earlier answers, and the
   * server runs them in that order. Commits when `fn` resolves, rolls back when it throws; when `first` fails,
   * its error is thrown (every later statement failed with the aborted transaction). No savepoints inside.
   */
  pipelinedTransaction?<T>(first: { text: string; params: unknown[] }, fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * The embedded database only: runs SQL text outside drizzle on its one connection, between the application's
   * transactions, never inside one. With parameters it is one statement; without, it may be several (a script).
   * The job queue keeps its tables in the embedded database through this; its statements are not timed as the
   * application's queries.
   */
  executeSql?(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The SQL migrations: beside the module when it runs bundled (the server's build copies them next to its
 * bundle), else the repository's drizzle/ folder, three levels up from this source file.
 */
export const MIGRATIONS_FOLDER = [new URL("./drizzle", import.meta.url), new URL("../../../drizzle", import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(path.join(dir, "meta", "_journal.json"))) ?? fileURLToPath(new URL("../../../drizzle", import.meta.url));

/** Every function, trigger and policy, one canonical file each, applied after the migrations (see repeatable.ts). */
export const REPEATABLE_FOLDER = path.join(MIGRATIONS_FOLDER, "repeatable");

// Any constant works; it only has to be the same for every process migrating the same database.
const MIGRATION_LOCK_KEY = 7_246_310_551;

export async function createDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  return opts.url ? createPostgres(opts.url, opts) : createPglite(opts);
}

type Sql = postgres.Sql;

/**
 * On a transaction from `pipelinedTransaction`: `tx[COMMIT_WITH](last)` runs `last`, whose one statement is the
 * transaction's last, and sends the commit right behind that statement instead of after its answer, so the rows
 * it locks are released as soon as the database has run it. When that statement fails, the commit ends the
 * transaction as a rollback. Nothing that can fail may follow it: the commit is already on its way.
 */
export const COMMIT_WITH = Symbol("commitWith");

/** Longer statements (large batches, mostly one-off shapes) are not kept prepared. */
const MAX_PREPARED_TEXT = 8192;

async function createPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  const poolSize = opts.poolSize ?? 25;
  const client = postgres(url, {
    max: poolSize,
    prepare: true,
    onnotice: () => {},
    // Short OLTP statements never repay JIT compilation; it only adds latency spikes.
    connection: { application_name: "caribex", jit: "off" },
  });
  let busy = 0;
  instrumentPostgres(client, opts.onQuery, (delta) => (busy += delta));
  const db = drizzlePostgres(client, { schema }) as unknown as Db;

  // What drizzle's own transactions are built from, so a reserved connection gets the same query builder.
  const { dialect, session } = db as unknown as { dialect: ConstructorParameters<typeof PostgresJsTransaction>[0]; session: { schema: never; options: never } };

  async function pipelinedTransaction<T>(first: { text: string; params: unknown[] }, fn: (tx: Db) => Promise<T>): Promise<T> {
    const reserved = await client.reserve();
    // postgres.js does not watch a reserved connection: once it closed (a restarted or failed-over database), no
    // statement may be sent on it (the socket is gone) and it must not be released into the pool again (the
    // pool already took it back among its closed connections, which reconnect when used).
    let lost: unknown = null;
    let onLost: (e: unknown) => void = () => {};
    // As postgres.js's own transactions do: a statement in flight when the connection closes may never settle.
    const whenLost = new Promise<never>((_, reject) => (onLost = reject));
    whenLost.catch(() => {});
    const watch = {
      onexecute: (connection: { onclose?: ((e: unknown) => void) | null }) => {
        connection.onclose = (e) => {
          lost = e ?? new Error("connection closed");
          onLost(lost);
        };
        return true;
      },
    };
    // commitWith: the next statement is dispatched at once with the commit right behind it; none may follow.
    let ending = false;
    let commit: Promise<unknown> | null = null;
    const unsafe = reserved.unsafe.bind(reserved);
    const send = (query: string, params?: unknown[], options?: Record<string, unknown>) => {
      if (lost) throw lost;
      return unsafe(query, params as never, options as never);
    };
    // Transaction control, not counted as statements by the query observer (as with drizzle's own transactions).
    const end = (word: "commit" | "rollback") => {
      if (lost) throw lost;
      return Promise.resolve((word === "commit" ? reserved`commit` : reserved`rollback`).execute());
    };
    reserved.unsafe = ((query: string, params?: unknown[], options?: Record<string, unknown>) => {
      if (commit) throw new Error("This transaction is already committing: no statement may follow its last one");
      const q = send(query, params, options);
      if (ending) {
        void q.execute();
        commit = end("commit");
      }
      return q;
    }) as typeof reserved.unsafe;
    const commitWith = async <R>(last: () => Promise<R>): Promise<R> => {
      ending = true;
      return last();
    };
    try {
      // Dispatched now, in this order; `fn`'s statements can only be issued after them.
      const opened = [send("begin", [], watch).execute(), send(first.text, first.params).execute()].map((q) =>
        Promise.resolve(q).then(
          () => null,
          (e: unknown) => ({ error: e }),
        ),
      );
      const openError = async () => (await Promise.all(opened)).find((x) => x !== null)?.error;
      // As drizzle builds its own transactions, over the reserved connection (which has no savepoints).
      const txSession = new PostgresJsSession(reserved as unknown as Sql, dialect, session.schema, session.options);
      const tx = Object.assign(new PostgresJsTransaction(dialect, txSession as never, session.schema), { [COMMIT_WITH]: commitWith });
      let result: T;
      try {
        result = await Promise.race([fn(tx as unknown as Db), whenLost]);
        const failed = await openError();
        if (failed !== undefined) throw failed;
      } catch (e) {
        const failed = await openError();
        // After a failed last statement the commit that followed it ended the transaction as a rollback.
        if (!lost) await (commit ?? end("rollback")).catch(() => {});
        throw failed ?? e;
      }
      await (commit ?? end("commit"));
      return result;
    } finally {
      if (!lost) reserved.release();
    }
  }

  return {
    db,
    kind: "postgres",
    pipelinedTransaction,
    async migrate() {
      // A single dedicated connection holding a session advisory lock, so instances starting together do not
      // apply the same migration twice.
      const one = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await one`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(one), { migrationsFolder: MIGRATIONS_FOLDER });
        await applyRepeatables(
          {
            exec: async (script) => {
              await one.unsafe(script).simple();
            },
            query: async <T,>(text: string, params: unknown[]) => (await one.unsafe(text, params as never[])) as unknown as T[],
          },
          REPEATABLE_FOLDER,
        );
        await one`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await one.end({ timeout: 5 });
      }
    },
    async ping() {
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
    poolInUse: () => Math.min(busy, poolSize),
  };
}

/**
 * Times every statement drizzle sends. Drizzle calls `unsafe` on the pool and on each transaction's client;
 * the returned query object is lazy, so its own resolve/reject are wrapped instead of attaching `then`
 * (which would start it before drizzle has chosen its result format).
 */
function instrumentPostgres(client: Sql, onQuery: DatabaseOptions["onQuery"], track: (delta: number) => void): void {
  const wrapUnsafe = (target: Sql, standalone: boolean) => {
    const original = target.unsafe.bind(target);
    target.unsafe = ((query: string, params?: unknown[], options?: Record<string, unknown>) => {
      // Statements with parameters run as named prepared statements, parsed and planned once per connection
      // (postgres.js keeps them by text); drizzle asks for unnamed ones unless a query was given a name.
      const prepare = params !== undefined && params.length > 0 && query.length <= MAX_PREPARED_TEXT;
      const q = original(query, params as never, (prepare ? { ...options, prepare: true } : options) as never) as unknown as {
        resolve: (x: unknown) => void;
        reject: (e: unknown) => void;
      };
      const started = performance.now();
      if (standalone) track(1);
      // Bound to the caller's async context: postgres.js settles queries from its socket handlers, and an
      // observer that opens a trace span for the query must see the span of the code that sent it.
      const finish = AsyncResource.bind((error?: unknown, result?: unknown) => {
        if (standalone) track(-1);
        if (onQuery) {
          try {
            onQuery({
              sql: query,
              durationMs: performance.now() - started,
              ...(params === undefined ? {} : { params }),
              ...(error === undefined ? { result } : { error }),
            });
          } catch {
            // a failing observer must never fail the query
          }
        }
      });
      const resolve = q.resolve;
      const reject = q.reject;
      q.resolve = (x) => (finish(undefined, x), resolve(x));
      q.reject = (e) => (finish(e), reject(e));
      return q;
    }) as unknown as Sql["unsafe"];
  };
  wrapUnsafe(client, true);
  const reserve = client.reserve.bind(client);
  client.reserve = (async () => {
    const reserved = await reserve();
    track(1);
    wrapUnsafe(reserved, false);
    const release = reserved.release.bind(reserved);
    reserved.release = () => {
      track(-1);
      release();
    };
    return reserved;
  }) as Sql["reserve"];
  const begin = client.begin.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.begin = ((...args: unknown[]) => {
    const fn = args.pop() as (tx: Sql) => unknown;
    track(1);
    return begin(...args, (tx: Sql) => {
      wrapUnsafe(tx, false);
      return fn(tx);
    }).finally(() => track(-1));
  }) as Sql["begin"];
}

async function createPglite(opts: DatabaseOptions): Promise<Database> {
  const dir = opts.pgliteDir && opts.pgliteDir !== "memory://" ? opts.pgliteDir : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  // pg_trgm (typo-tolerant product search) ships with PGlite as a contrib extension; migration 0008 enables it.
  const options = { extensions: { pg_trgm } };
  const client = dir ? new PGlite(dir, options) : new PGlite(options);
  await client.waitReady;
  // Taken before the instrumentation wraps them. Each waits for a transaction in progress to end.
  const rawQuery = client.query.bind(client);
  const rawTransaction = client.transaction.bind(client);
  let busy = 0;
  instrumentPglite(client, opts.onQuery, (d) => (busy += d));
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const database: Database = {
    db,
    kind: "pglite",
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
      await applyRepeatables(
        {
          exec: async (script) => {
            await client.exec(script);
          },
          query: async <T,>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
        },
        REPEATABLE_FOLDER,
      );
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (!client.closed) await client.close();
    },
    poolInUse: () => Math.min(busy, 1),
    async executeSql(text, values) {
      if (values && values.length > 0) return rawQuery(text, values);
      // A script may open its own transaction; one that fails half-way must not leave the only connection inside
      // an aborted transaction, so it runs in one that is rolled back on failure (its BEGIN and COMMIT only warn).
      const results = await rawTransaction((tx) => tx.exec(text));
      return results[results.length - 1] ?? { rows: [] };
    },
  };
  // The embedded database has no separate migration step: it is always brought up to date.
  await database.migrate();
  return database;
}

type Queryable = Pick<PGlite, "query" | "exec">;

function instrumentPglite(client: PGlite, onQuery: DatabaseOptions["onQuery"], track: (delta: number) => void): void {
  const timed = <A extends unknown[], R>(text: (...a: A) => string, fn: (...a: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      track(1);
      let error: unknown;
      try {
        return await fn(...args);
      } catch (e) {
        error = e;
        throw e;
      } finally {
        track(-1);
        if (onQuery) {
          try {
            onQuery({ sql: text(...args), durationMs: performance.now() - started, ...(error === undefined ? {} : { error }) });
          } catch {
            // a failing observer must never fail the query
          }
        }
      }
    };
  const wrap = (target: Queryable) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = timed((q: string) => q, query) as Queryable["query"];
    target.exec = timed((q: string) => q, exec) as Queryable["exec"];
  };
  const transaction = client.transaction.bind(client);
  wrap(client);
  client.transaction = (<T>(fn: (tx: Parameters<Parameters<PGlite["transaction"]>[0]>[0]) => Promise<T>) =>
    transaction((tx) => {
      wrap(tx);
      return fn(tx);
    })) as PGlite["transaction"];
}
