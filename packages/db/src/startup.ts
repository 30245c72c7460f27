import { ExponentialBackoff, handleWhen, noJitterGenerator, retry } from "cockatiel";
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

const backoffOf = (opts: WaitOptions) =>
  new ExponentialBackoff({ initialDelay: opts.firstDelayMs ?? 250, maxDelay: opts.maxDelayMs ?? 5000, generator: noJitterGenerator });

/**
 * The waits between tries, doubling from `firstDelayMs` up to `maxDelayMs`, for as many tries as fit in
 * `timeoutMs` in total.
 */
function retriesWithin(opts: WaitOptions): number {
  let retries = 0;
  let waited = 0;
  for (let step = backoffOf(opts).next(); ; step = step.next(undefined)) {
    if (waited + step.duration > opts.timeoutMs) return retries;
    waited += step.duration;
    retries++;
  }
}

/**
 * Start-up in a cluster or compose often races the database: wait for it with exponential backoff, for a bounded
 * time, while it is unreachable. Errors that waiting cannot fix are thrown at once; when time runs out, the last
 * unreachable error is.
 */
export async function waitForDatabase(database: Database, opts: WaitOptions): Promise<void> {
  const policy = retry(handleWhen(isUnreachable), {
    maxAttempts: retriesWithin(opts),
    backoff: backoffOf(opts),
  });
  const listener = policy.onRetry((r) => {
    if ("error" in r) opts.onRetry?.({ attempt: r.attempt, delayMs: r.delay, error: r.error });
  });
  try {
    await policy.execute(() => database.ping());
  } finally {
    listener.dispose();
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
