import type { ContractSignatureChecker } from "@caribex/auth";
import type { QueryEvent } from "@caribex/db";
import type { Posting, Repositories, UnitOfWork } from "@caribex/domain";
import { recordSpan, tracingEnabled, withSpan, type Metrics } from "@caribex/observability";

const OPERATION = /^\s*(\w+)/;
const KNOWN_OPERATIONS = new Set(["select", "insert", "update", "delete", "with", "begin", "commit", "rollback", "set", "savepoint", "release", "lock", "create", "alter", "drop"]);

/** The statement's verb, as a bounded label: anything unexpected is `other`. */
export function sqlOperation(sql: string): string {
  const verb = OPERATION.exec(sql)?.[1]?.toLowerCase();
  return verb && KNOWN_OPERATIONS.has(verb) ? verb : "other";
}

/**
 * Database observer for `createDatabase({ onQuery })`: a duration sample per statement, and when tracing is on a
 * span under the caller's span. The statement text carries placeholders, never parameter values, so it is
 * safe to attach; it is cut short so one huge statement cannot bloat a trace.
 */
export function observeQueries(metrics: Metrics): (e: QueryEvent) => void {
  return (e) => {
    const operation = sqlOperation(e.sql);
    metrics.observeDbQuery(e.durationMs / 1000, operation);
    if (!tracingEnabled()) return;
    const endMs = performance.timeOrigin + performance.now();
    recordSpan(
      `db ${operation}`,
      { "db.system": "postgresql", "db.operation": operation, "db.statement": e.sql.length > 2000 ? `${e.sql.slice(0, 2000)}…` : e.sql },
      { startMs: endMs - e.durationMs, endMs },
      e.error,
    );
  };
}

/**
 * Counts money movements by kind and outcome (`CaribEX_wallet_transactions_total{type,status}`), and wraps each
 * unit of work in a span so its queries group under it.
 *
 * A movement counts as completed only once its transaction commits; a posting that was refused (insufficient
 * funds) or rolled back with its transaction counts as failed. A retried attempt (serialization failure) is
 * not counted twice: only the last attempt's postings are.
 */
export function instrumentUnitOfWork(uow: UnitOfWork, metrics: Metrics): UnitOfWork {
  return {
    async run(actor, fn) {
      let attempted: Posting["kind"][] = [];
      const run = () =>
        uow.run(actor, (repos) => {
          attempted = [];
          return fn(watchLedger(repos, attempted));
        });
      try {
        const result = await (tracingEnabled() ? withSpan("db.transaction", { "db.system": "postgresql" }, run) : run());
        for (const kind of attempted) metrics.walletTransaction(kind, "completed");
        return result;
      } catch (err) {
        for (const kind of attempted) metrics.walletTransaction(kind, "failed");
        throw err;
      }
    },
  };
}

function watchLedger(repos: Repositories, attempted: Posting["kind"][]): Repositories {
  const ledger = repos.ledger;
  return {
    ...repos,
    ledger: {
      ...ledger,
      post(postings) {
        attempted.push(...postings.map((p) => p.kind));
        return ledger.post(postings);
      },
    },
  };
}

/** Outbound EIP-1271 calls get a span: they reach a third-party RPC node and are the slowest part of a sign-in. */
export function tracedContractChecker(checker: ContractSignatureChecker, chainId: number): ContractSignatureChecker {
  return {
    isValidSignature: (address, message, signature, time) =>
      withSpan("rpc eip1271.isValidSignature", { "rpc.system": "jsonrpc", "rpc.method": "isValidSignature", "chain.id": chainId }, () =>
        checker.isValidSignature(address, message, signature, time),
      ),
  };
}
