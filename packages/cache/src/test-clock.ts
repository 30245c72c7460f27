import type { CacheClock } from "./clock";

export interface TestClock extends CacheClock {
  /** Moves time forward and runs, in order, every timer that has come due. */
  advance(ms: number): void;
}

/**
 * A clock for tests. It reads real time plus everything the test has advanced, so it never runs slower than
 * the Redis clock (whose time the cache compares with its own), but its timers fire only from advance(): a
 * timeout, lease check or retry happens when the test says so, however slow or busy the machine is.
 */
export function testClock(): TestClock {
  let offset = 0;
  const timers = new Set<{ at: number; fn: () => void }>();
  const now = () => performance.now() + offset;
  return {
    now,
    setTimer(ms, fn) {
      const timer = { at: now() + ms, fn };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
    advance(ms) {
      offset += ms;
      for (;;) {
        const due = [...timers].filter((t) => t.at <= now()).sort((a, b) => a.at - b.at)[0];
        if (!due) return;
        timers.delete(due);
        due.fn();
      }
    },
  };
}
