import type { Database } from "./client";

/** Socket-level failures: the server is not there (yet). Anything else (a wrong password, no such database) is final. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P03"]);

export function isUnreachable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNREACHABLE.has(code)) return true;
  // postgres.js reports a failed connect to several addresses as an AggregateError of socket errors.
  return e instanceof AggregateError && e.errors.some(isUnreachable);
}

export interface WaitOptions {
  /** Give up after this long; 0 tries once. */
  timeoutMs: number;
  /** Told before each wait, so the operator sees that start-up is waiting and why. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Start-up in a cluster or compose often races the database: wait for it with exponential backoff, for a bounded
 * time, while it is unreachable. Errors that waiting cannot fix are thrown at once.
 */
export async function waitForDatabase(database: Database, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let delay = opts.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await database.ping();
      return;
    } catch (e) {
      if (!isUnreachable(e) || Date.now() + delay > deadline) throw e;
      opts.onRetry?.({ attempt, delayMs: delay, error: e });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5000);
    }
  }
}

/** host:port/database of a connection URL, without credentials, for messages that name the target. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "an unparseable URL";
  }
}
