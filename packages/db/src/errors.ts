/** Reads the SQLSTATE of a database error, looking through drizzle's DrizzleQueryError wrapper. */
export function pgErrorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The constraint a violation names (postgres.js: constraint_name; PGlite: constraint). */
export function pgConstraint(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const c = cur as { constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    const name = c.constraint_name ?? c.constraint;
    if (typeof name === "string") return name;
    cur = c.cause;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";
export const CHECK_VIOLATION = "23514";
export const SERIALIZATION_FAILURE = "40001";
export const DEADLOCK_DETECTED = "40P01";

export const isRetryable = (e: unknown): boolean => {
  const code = pgErrorCode(e);
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED || code === LINES_CHANGED;
};

/** The DETAIL line of a database error (post_ledger puts the leg or product there). */
export function pgDetail(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const detail = (cur as { detail?: unknown }).detail;
    if (typeof detail === "string") return detail;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Raised by post_ledger (drizzle/repeatable/functions/post_ledger.sql): a debit the balance does not cover. */
export const INSUFFICIENT_FUNDS = "CX001";
/** Raised by post_ledger when paying an order whose stock is gone. */
export const OUT_OF_STOCK = "CX002";
/** Raised when a suspended user's action would write to the ledger (drizzle/repeatable/functions/refuse_suspended_actor.sql). */
export const ACTOR_SUSPENDED = "CX003";
/**
 * Raised by post_ledger when an order line no longer matches its product: the product changed (price, archived)
 * after the checkout read it. Run again, the checkout reads the product as it is now.
 */
export const LINES_CHANGED = "CX005";
/** Raised by post_ledger when a conversion's quote was already honoured (DETAIL `used`) or has expired (`expired`). */
export const QUOTE_CLOSED = "CX020";
