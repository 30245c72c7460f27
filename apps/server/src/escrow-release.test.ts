import { describe, expect, it } from "vitest";
import { startEscrowReleaser } from "./escrow-release";

describe("escrow releaser", () => {
  it("passes the clock's time, never overlaps passes, and stops after the pass in progress", async () => {
    const seen: Date[] = [];
    let finish!: () => void;
    const at = new Date("2026-01-15T00:00:00.000Z");
    const releaser = startEscrowReleaser({
      clock: { now: () => at },
      intervalMs: 0,
      release: (now) => {
        seen.push(now);
        return new Promise((resolve) => (finish = () => resolve({ released: ["a"], failed: [] })));
      },
    });
    const first = releaser.runOnce();
    const second = releaser.runOnce();
    expect(seen).toEqual([at]);
    const stopped = releaser.stop();
    finish();
    await Promise.all([first, second, stopped]);
    await releaser.runOnce();
    expect(seen).toHaveLength(1);
  });

  it("reports a failed pass and rejects, so the job runner counts it as failed", async () => {
    const errors: unknown[] = [];
    const releaser = startEscrowReleaser({
      clock: { now: () => new Date() },
      intervalMs: 0,
      release: () => Promise.reject(new Error("database down")),
      onError: (e) => errors.push(e),
    });
    await expect(releaser.runOnce()).rejects.toThrow("database down");
    expect(errors).toHaveLength(1);
    await releaser.stop();
  });

  it("a pass that leaves due orders unreleased is reported and fails", async () => {
    const results: unknown[] = [];
    const releaser = startEscrowReleaser({
      clock: { now: () => new Date() },
      intervalMs: 0,
      release: () => Promise.resolve({ released: ["a"], failed: ["b"] }),
      onResult: (r) => results.push(r),
    });
    await expect(releaser.runOnce()).rejects.toThrow("1 due order(s) could not be released");
    expect(results).toEqual([{ released: 1, failed: 1 }]);
    await releaser.stop();
  });
});
