import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
} from "cockatiel";
import type { ChainBreakerState } from "@caribex/domain";

export interface ResilienceOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, for transport failures only. */
  maxRetries?: number;
  /** Consecutive transport failures that open the breaker. */
  breakerThreshold?: number;
  /** How long the breaker stays open before one trial call. */
  halfOpenAfterMs?: number;
  onRpcError?: (method: string) => void;
  onBreakerStateChange?: (state: ChainBreakerState) => void;
}

const TRANSIENT = new Set(["HttpRequestError", "TimeoutError", "TaskCancelledError", "SocketClosedError", "WebSocketRequestError"]);

/**
 * A transport failure (unreachable node, timeout) as opposed to an answer the node gave (a revert, a nonce
 * error): only the first kind is retried and counts against the breaker.
 */
export function isTransient(e: unknown): boolean {
  for (let at: unknown = e, depth = 0; at && depth < 8; depth++) {
    const err = at as { name?: string; cause?: unknown; code?: string };
    if (err.name && TRANSIENT.has(err.name)) return true;
    if ((at as { isTaskCancelledError?: boolean }).isTaskCancelledError) return true;
    if (err.code === "ECONNREFUSED" || err.code === "ECONNRESET" || err.code === "UND_ERR_SOCKET") return true;
    at = err.cause;
  }
  return false;
}

const STATES: Record<CircuitState, ChainBreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "isolated",
};

/** Timeout per attempt, bounded retries with backoff, and one circuit breaker for the whole RPC endpoint. */
export function rpcPolicy(opts: ResilienceOptions = {}) {
  const transient = handleWhen((e) => isTransient(e));
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: opts.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 5),
  });
  breaker.onStateChange((s) => opts.onBreakerStateChange?.(STATES[s]));
  const retryPolicy = retry(
    handleWhen((e) => !isBrokenCircuitError(e) && isTransient(e)),
    { maxAttempts: opts.maxRetries ?? 2, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }) },
  );
  const perAttempt = timeout(opts.timeoutMs ?? 5_000, TimeoutStrategy.Aggressive);
  const policy = wrap(retryPolicy, breaker, perAttempt);
  return {
    async call<T>(method: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
      try {
        return await policy.execute(({ signal }) => fn(signal));
      } catch (e) {
        opts.onRpcError?.(method);
        throw e;
      }
    },
    state: (): ChainBreakerState => STATES[breaker.state],
  };
}
