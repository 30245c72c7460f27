import type { Clock } from "@caribex/domain";

export interface EscrowReleaser {
  /**
   * One pass now (also what the timer does); resolves when it is over, and rejects when the pass failed or left
   * orders it could not release, so a job runner counts it as failed. Passes never overlap.
   */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * A small in-process interval runner for the escrow auto-release job. Every instance may run it: each order is
 * released under its row lock and only while it is still shipped, so instances racing each other release it
 * exactly once. Kept self-contained so it can move onto a job queue later unchanged.
 */
export function startEscrowReleaser(opts: {
  release: (now: Date) => Promise<{ released: string[]; failed: string[] }>;
  clock: Clock;
  intervalMs: number;
  onResult?: (r: { released: number; failed: number }) => void;
  onError?: (e: unknown) => void;
}): EscrowReleaser {
  let running: Promise<void> | null = null;
  let stopped = false;

  function runOnce(): Promise<void> {
    if (stopped) return Promise.resolve();
    running ??= opts
      .release(opts.clock.now())
      .then(
        (r) => {
          opts.onResult?.({ released: r.released.length, failed: r.failed.length });
          if (r.failed.length > 0) throw new Error(`${r.failed.length} due order(s) could not be released; the next pass tries again`);
        },
        (e: unknown) => {
          opts.onError?.(e);
          throw e;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  }

  // The timer's passes were already reported through onResult/onError.
  const timer = opts.intervalMs > 0 ? setInterval(() => void runOnce().catch(() => {}), opts.intervalMs) : null;
  timer?.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
