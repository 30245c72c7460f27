/**
 * Time as the cache sees it: a monotonic clock and one-shot timers. Production uses the process clock; a test
 * passes a clock it moves forward itself, so what it asserts never depends on how busy the machine is.
 */
export interface CacheClock {
  /** Milliseconds on a monotonic clock; only differences mean anything. */
  now(): number;
  /**
   * Calls `fn` once, no sooner than `ms` from now, and returns a function that cancels it. A background timer
   * does not keep the process alive.
   */
  setTimer(ms: number, fn: () => void, opts?: { background?: boolean }): () => void;
}

export const systemClock: CacheClock = {
  now: () => performance.now(),
  setTimer(ms, fn, opts) {
    const timer = setTimeout(fn, ms);
    if (opts?.background) timer.unref();
    return () => clearTimeout(timer);
  },
};
