import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll, timeout, TimeoutStrategy, wrap } from "cockatiel";
import { FX_RATE_PATTERN, isCurrency, type Clock, type Currency, type FxFeedPort } from "@caribex/domain";

export type FeedBreakerState = "closed" | "open" | "half-open" | "isolated";

const STATES: Record<CircuitState, FeedBreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "isolated",
};

export interface HttpFxFeedOptions {
  url: string;
  timeoutMs?: number;
  /** Consecutive failures that open the breaker. */
  breakerThreshold?: number;
  /** How long the breaker stays open before one trial request. */
  halfOpenAfterMs?: number;
  fetch?: typeof fetch;
  onBreakerStateChange?: (state: FeedBreakerState) => void;
}

export class FxFeedError extends Error {
  override name = "FxFeedError";
}

/** A rate from the feed, refused unless it is a plain positive decimal (a JSON number is read by its digits). */
function rateText(value: unknown): string | null {
  const text = typeof value === "string" ? value.trim() : typeof value === "number" && Number.isFinite(value) ? String(value) : null;
  return text !== null && FX_RATE_PATTERN.test(text) && /[1-9]/.test(text) ? text : null;
}

/**
 * Reads the feed's answer: `{ "rates": [{ "base": "USD", "quote": "JMD", "rate": "157.25", "asOf"?: ISO }] }`.
 * Anything else is refused whole, so a feed that changed its format adds nothing rather than nonsense.
 */
export function parseFeed(body: unknown, now: Date): { base: Currency; quote: Currency; rate: string; asOf: Date }[] {
  const list = (body as { rates?: unknown } | null)?.rates;
  if (!Array.isArray(list) || list.length === 0 || list.length > 100) throw new FxFeedError("The price feed answered without a list of rates");
  return list.map((item: unknown, i) => {
    const { base, quote, rate, asOf } = (item ?? {}) as Record<string, unknown>;
    const text = rateText(rate);
    if (!isCurrency(base) || !isCurrency(quote) || base === quote || text === null) {
      throw new FxFeedError(`The price feed's rate #${i + 1} is not a known currency pair with a positive decimal rate`);
    }
    const when = typeof asOf === "string" ? new Date(asOf) : now;
    if (Number.isNaN(when.getTime())) throw new FxFeedError(`The price feed's rate #${i + 1} has an unreadable time`);
    return { base, quote, rate: text, asOf: when };
  });
}

/**
 * The price feed over HTTP, behind a circuit breaker: a timeout per request, and after a run of failures the
 * feed is left alone for a while instead of being asked (and waited for) on every refresh.
 */
export function httpFxFeed(opts: HttpFxFeedOptions, clock: Clock = { now: () => new Date() }): FxFeedPort & { state(): FeedBreakerState } {
  const doFetch = opts.fetch ?? fetch;
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: opts.halfOpenAfterMs ?? 60_000,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 3),
  });
  breaker.onStateChange((s) => opts.onBreakerStateChange?.(STATES[s]));
  const policy = wrap(breaker, timeout(opts.timeoutMs ?? 5_000, TimeoutStrategy.Aggressive));
  return {
    fetchRates: () =>
      policy.execute(async ({ signal }) => {
        const res = await doFetch(opts.url, { signal, headers: { accept: "application/json" } });
        if (!res.ok) throw new FxFeedError(`The price feed answered HTTP ${res.status}`);
        let body: unknown;
        try {
          body = await res.json();
        } catch {
          throw new FxFeedError("The price feed answered something other than JSON");
        }
        return parseFeed(body, clock.now());
      }),
    state: () => STATES[breaker.state],
  };
}
