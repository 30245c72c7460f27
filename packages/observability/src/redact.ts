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

export function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, "").toLowerCase();
}

/** Replaces addresses, signatures and SIWE messages found inside free text. */
export function scrubString(value: string): string {
  if (value.includes(SIWE_MARKER)) return REDACTED;
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
      if (value instanceof Error) return walkError(value, depth, seen);
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

function define(target: object, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}
