// Scrubbing of personal and secret data before anything reaches a log line.
//
// Two layers work together. Key-based: any property whose name is in the sensitive list is replaced, at any
// depth (pino's own path redaction only reaches the depths written in each path, so a wallet address nested
// three objects deep would slip through). Value-based: strings are searched for things that look like wallet
// addresses, signatures or a SIWE message, because those leak through error messages and free text where no
// key name gives them away.

export const REDACTED = "[Redacted]";

/** Property names whose values never appear in logs, compared case-insensitively and ignoring `-` and `_`. */
export const SENSITIVE_KEYS: readonly string[] = [
  // wallet identity
  "walletAddress", "address", "addresses", "to", "from", "sender", "recipient", "counterparty", "account",
  // money
  "balance", "balances", "amount", "amounts", "amountMinor", "available", "held", "total", "subtotal",
  // SIWE and session material
  "signature", "sig", "siweMessage", "nonce", "cookie", "cookies", "setCookie", "authorization",
  "proxyAuthorization", "session", "sessionId",
  // credentials
  "token", "accessToken", "refreshToken", "idToken", "jwt", "secret", "clientSecret", "sessionSecret",
  "password", "passphrase", "apiKey", "privateKey", "mnemonic", "seed",
];

const SIGNATURE_RE = /0x[0-9a-fA-F]{130}(?![0-9a-fA-F])/g;
const ADDRESS_RE = /0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/g;
// The fixed sentence of an EIP-4361 message; the whole text carries the address and the nonce.
const SIWE_MARKER = "wants you to sign in with your Ethereum account";

// Drizzle's wrapper message is "Failed query: <sql>\nparams: <values>"; tRPC copies a thrown error's message.
const FAILED_QUERY_RE = /Failed query:[\s\S]*/;
export const QUERY_NOT_LOGGED = "Failed query: [query and parameters not logged]";

export function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, "").toLowerCase();
}

/** Replaces addresses, signatures and SIWE messages found inside free text. */
export function scrubString(value: string): string {
  if (value.includes(SIWE_MARKER)) return REDACTED;
  if (value.includes("Failed query:")) value = value.replace(FAILED_QUERY_RE, QUERY_NOT_LOGGED);
  // Cheap precheck: most log strings contain no hex literal at all.
  if (!value.includes("0x") && !value.includes("0X")) return value;
  return value.replace(SIGNATURE_RE, "0x[signature]").replace(ADDRESS_RE, "0x[address]");
}

export interface Scrubber {
  /** Returns a scrubbed deep copy (objects) or the scrubbed value; never mutates its input. */
  scrub(value: unknown): unknown;
}

const MAX_DEPTH = 10;

export function createScrubber(extraKeys: readonly string[] = []): Scrubber {
  const keys = new Set([...SENSITIVE_KEYS, ...extraKeys].map(normalizeKey));

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return scrubString(value);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[Truncated]";
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
      if (value instanceof Error) return isDatabaseError(value) ? summarizeDatabaseError(value) : walkError(value, depth, seen);
      if (value instanceof Date) return value;
      if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
      if (value instanceof Map) return walkEntries(Object.fromEntries(value), depth, seen);
      if (value instanceof Set) return [...value].map((v) => walk(v, depth + 1, seen));
      return walkEntries(value as Record<string, unknown>, depth, seen);
    } finally {
      seen.delete(value);
    }
  };

  const walkEntries = (obj: Record<string, unknown>, depth: number, seen: WeakSet<object>) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      out[key] = keys.has(normalizeKey(key)) && v !== undefined && v !== null ? REDACTED : walk(v, depth + 1, seen);
    }
    return out;
  };

  // Errors stay errors (same prototype, so pino's err serializer still reports the right type and walks the
  // cause chain) but with message, stack, cause and own properties scrubbed: an RPC error message is a classic
  // place for a wallet address.
  const walkError = (err: Error, depth: number, seen: WeakSet<object>) => {
    const copy = Object.create(Object.getPrototypeOf(err) as object) as Error & Record<string, unknown>;
    Object.assign(copy, walkEntries(err as unknown as Record<string, unknown>, depth, seen));
    define(copy, "message", scrubString(err.message));
    if (err.stack !== undefined) define(copy, "stack", scrubString(err.stack));
    if (err.cause !== undefined) define(copy, "cause", walk(err.cause, depth + 1, seen));
    return copy;
  };

  return { scrub: (value) => walk(value, 0, new WeakSet()) };
}

const SQLSTATE_RE = /^[0-9A-Z]{5}$/;

/** An error raised by the database driver or the ORM around it: its message, query and parameters carry values. */
export function isDatabaseError(err: Error): boolean {
  const e = err as Error & Record<string, unknown>;
  if (err.name === "DrizzleQueryError" || err.name === "PostgresError") return true;
  if (typeof e.query === "string" && ("params" in e || "parameters" in e)) return true;
  return typeof e.code === "string" && SQLSTATE_RE.test(e.code) && typeof e.severity === "string";
}

/** The first string a property holds along the cause chain (postgres.js and PGlite name some fields differently). */
function along(err: unknown, ...names: string[]): string | undefined {
  for (let cur = err, depth = 0; cur && typeof cur === "object" && depth < 5; depth++) {
    for (const name of names) {
      const v = (cur as Record<string, unknown>)[name];
      if (typeof v === "string" && v.length > 0 && (name !== "code" || SQLSTATE_RE.test(v))) return v;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What a database failure may say in a log line: the SQLSTATE, the constraint, table and column it names, and
 * where in our code it happened. Never the query text, its parameters, the message or the detail, which quote
 * ids, amounts and keys.
 */
export function summarizeDatabaseError(err: Error): Error {
  const sqlstate = along(err, "code");
  const constraint = along(err, "constraint_name", "constraint");
  const table = along(err, "table_name", "table");
  const column = along(err, "column_name", "column");
  const fields = { sqlstate, constraint, table, column };
  const message = `database error ${sqlstate ?? "(no SQLSTATE)"}${constraint ? ` (constraint ${constraint})` : ""}${table ? ` on ${table}` : ""}`;
  const summary = new Error(message);
  summary.name = "DatabaseError";
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (summary as unknown as Record<string, unknown>)[k] = v;
  const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  define(summary, "stack", [`DatabaseError: ${message}`, ...frames].join("\n"));
  return summary;
}

function define(target: object, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}
