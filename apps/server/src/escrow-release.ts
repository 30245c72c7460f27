import type { Clock } from "@caribex/domain";

export interface EscrowReleaser {
  /** One pass now (also what the timer does); resolves when it is over. Passes never overlap. */
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
        (r) => opts.onResult?.({ released: r.released.length, failed: r.failed.length }),
        (e: unknown) => opts.onError?.(e),
      )
      .finally(() => {
        running = null;
      });
    return running;
  }

  const timer = opts.intervalMs > 0 ? setInterval(() => void runOnce(), opts.intervalMs) : null;
  timer?.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
