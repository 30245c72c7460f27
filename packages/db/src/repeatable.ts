import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Repeatable SQL: every database function, trigger and row-level policy has one canonical definition, in one
 * file named after it under `drizzle/repeatable/` (functions, with the triggers they drive, in `functions/`;
 * each table's policies in `policies/<table>.sql`). The migrator applies them after the versioned migrations,
 * in the order below, and again whenever a file's text changes, so the current body of `post_ledger` is the
 * one in `functions/post_ledger.sql`, never the last `CREATE OR REPLACE` in some migration.
 *
 * Each file must be safe to run again (`CREATE OR REPLACE FUNCTION`, `DROP ... IF EXISTS` before `CREATE
 * TRIGGER` or `CREATE POLICY`, grants). What a file cannot express that way (dropping a function, changing its
 * arguments or result type, a new column a function needs) goes in a versioned migration, which runs first.
 */

/**
 * Functions in the order they are created: SQL-language bodies are checked when created, so a function comes
 * after the ones it calls. The `domain_*`, `order_transition_parties`, `order_payment_edge` and `withdrawal_transition_allowed` files are generated from `packages/domain`
 * (`pnpm db:domain-sql`); a test fails when they are stale.
 */
export const REPEATABLE_FUNCTIONS = [
  "domain_currencies",
  "domain_account_kinds",
  "domain_max_stock",
  "order_transition_parties",
  "order_payment_edge",
  "withdrawal_transition_allowed",
  "app_user_id",
  "app_role",
  "app_is_privileged",
  "wallet_party",
  "order_parties_of_actor",
  "post_ledger",
  "transition_order",
  "lock_products",
  "order_items_guard",
  "orders_paid_at_commit",
  "orders_status_guard",
  "withdrawals_status_guard",
  "fx_rate",
  "refuse_suspended_actor",
  "also_bought",
  "ledger_legs",
  "post_escrow_holds",
  "reviews_guard",
  "outbox_append",
  "orders_outbox",
  "chain_outbox",
  "products_outbox",
  "promotions_for_codes",
] as const;

/** The repeatable files of `folder` (the `drizzle/repeatable` directory) in the order they are applied. */
export function repeatableFiles(folder: string): string[] {
  const policies = readdirSync(path.join(folder, "policies"))
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => `policies/${f}`);
  return [...REPEATABLE_FUNCTIONS.map((f) => `functions/${f}.sql`), ...policies];
}

export interface RepeatableScript {
  file: string;
  text: string;
  checksum: string;
}

export function readRepeatables(folder: string): RepeatableScript[] {
  return repeatableFiles(folder).map((file) => {
    const text = readFileSync(path.join(folder, file), "utf8");
    return { file, text, checksum: createHash("sha256").update(text).digest("hex") };
  });
}

/** Where the applied checksums are kept, beside drizzle's own journal table. */
export const REPEATABLE_HISTORY_DDL = `
  CREATE SCHEMA IF NOT EXISTS drizzle;
  CREATE TABLE IF NOT EXISTS drizzle.__repeatable_migrations (
    file text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );`;

/** A connection that runs a multi-statement script and a parameterised query. */
export interface ScriptRunner {
  exec(script: string): Promise<void>;
  query<T>(text: string, params: unknown[]): Promise<T[]>;
}

/**
 * Applies, in one transaction, every repeatable file whose text differs from the one last applied, in order,
 * and records its checksum. Returns the files applied. Callers hold the migration lock.
 */
export async function applyRepeatables(run: ScriptRunner, folder: string): Promise<string[]> {
  const scripts = readRepeatables(folder);
  await run.exec(REPEATABLE_HISTORY_DDL);
  const applied = new Map(
    (await run.query<{ file: string; checksum: string }>("select file, checksum from drizzle.__repeatable_migrations", [])).map((r) => [r.file, r.checksum]),
  );
  // Once one file is applied, every later one is applied too: a later file may depend on the earlier one's
  // new text (a function it calls, a signature it grants).
  const firstChanged = scripts.findIndex((s) => applied.get(s.file) !== s.checksum);
  if (firstChanged < 0) return [];
  const todo = scripts.slice(firstChanged);
  const script = [
      "BEGIN;",
      ...todo.map((s) => `${s.text}\n;`),
      ...todo.map(
        (s) =>
          `INSERT INTO drizzle.__repeatable_migrations (file, checksum) VALUES ('${s.file}', '${s.checksum}') ON CONFLICT (file) DO UPDATE SET checksum = excluded.checksum, applied_at = now();`,
      ),
      "COMMIT;",
    ].join("\n");
  try {
    await run.exec(script);
  } catch (e) {
    // A failed statement leaves the explicit transaction open and aborted; end it so the connection is usable.
    await run.exec("ROLLBACK;").catch(() => {});
    throw e;
  }
  return todo.map((s) => s.file);
}
