import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleAll,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IHalfOpenAfterBackoffContext,
} from "cockatiel";

/**
 * The circuit breaker that keeps a dead Redis off the request path: one failure opens it, and after
 * `retryAfterMs` a single recovery probe runs while everyone else keeps skipping L2.
 *
 * cockatiel owns the states (closed, open, half-open while the probe runs) and their events. It measures the open
 * period on the wall clock, while the cache runs on its own clock (which a test moves), so the open period is a
 * backoff whose length is read from the cache's clock: over once `retryAfterMs` has passed there, or at once when
 * the client has just reconnected.
 */
export class Breaker {
  private readonly policy: CircuitBreakerPolicy;
  private reconnected = false;

  constructor(
    private readonly retryAfterMs: number,
    private readonly now: () => number,
  ) {
    const openPeriod = (since: number): IBackoff<IHalfOpenAfterBackoffContext> => {
      const over = () => this.reconnected || this.now() - since >= this.retryAfterMs;
      return {
        // cockatiel compares the wall-clock time since opening with this: 0 lets the probe through, Infinity never.
        get duration() {
          return over() ? 0 : Number.POSITIVE_INFINITY;
        },
        next: () => openPeriod(this.now()),
      };
    };
    this.policy = circuitBreaker(handleAll, {
      halfOpenAfter: { next: () => openPeriod(this.now()) },
      breaker: new ConsecutiveBreaker(1),
    });
  }

  /** Open, or probing: either way calls skip L2. */
  get isOpen(): boolean {
    return this.policy.state !== CircuitState.Closed;
  }

  /** Fired when the breaker opens (again): after a failed call, or after a failed probe. */
  readonly onBreak = (fn: (err: unknown) => void) => this.policy.onBreak((reason) => fn("error" in reason ? reason.error : reason));
  readonly onReset = (fn: () => void) => this.policy.onReset(fn);

  /** Runs a call while closed; its failure opens the breaker. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.policy.execute(fn);
  }

  /**
   * Starts the recovery probe when the open period is over (or right away with `reconnected`) and no probe is
   * running; success closes the breaker, failure opens it for another period. Undefined when nothing started.
   */
  probe(fn: () => Promise<void>, opts: { reconnected?: boolean } = {}): Promise<void> | undefined {
    if (this.policy.state !== CircuitState.Open) return undefined;
    this.reconnected = opts.reconnected ?? false;
    // cockatiel decides synchronously whether the probe runs, so the flag only ever applies to this call.
    const running = this.policy.execute(fn);
    this.reconnected = false;
    if ((this.policy.state as CircuitState) !== CircuitState.HalfOpen) {
      running.catch(() => {});
      return undefined;
    }
    return running;
  }

  static isSkipped(err: unknown): boolean {
    return isBrokenCircuitError(err);
  }
}
