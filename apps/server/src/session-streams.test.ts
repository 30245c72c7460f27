import { describe, expect, it } from "vitest";
import { isDomainError } from "@caribex/domain";
import { createStreamRegistry } from "./session-streams";

function registry(maxPerUser: number, live: Set<string>) {
  const errors: unknown[] = [];
  const checks: Promise<boolean>[] = [];
  const r = createStreamRegistry({
    maxPerUser,
    alive: (_userId, sessionId) => {
      const p = Promise.resolve(live.has(sessionId));
      checks.push(p);
      return p;
    },
    onError: (e) => errors.push(e),
  });
  // Lets every pending session check (and the aborts it causes) run.
  const settled = async () => {
    await Promise.all(checks);
    await Promise.resolve();
  };
  return { r, errors, settled };
}

describe("stream registry", () => {
  it("admits up to the cap per user, refuses the next with RATE_LIMIT.EXCEEDED, and frees a place on release", () => {
    const { r } = registry(2, new Set());
    const a = r.open("u1", "s1");
    r.open("u1", "s1");
    let refused: unknown;
    try {
      r.open("u1", "s2");
    } catch (e) {
      refused = e;
    }
    expect(isDomainError(refused) && refused.code).toBe("RATE_LIMIT.EXCEEDED");
    expect(() => r.assertRoom("u1")).toThrow();
    expect(() => r.open("u2", "s3")).not.toThrow();
    a.release();
    a.release();
    expect(() => r.assertRoom("u1")).not.toThrow();
    r.open("u1", "s1");
    expect(() => r.assertRoom("u1")).toThrow();
  });

  it("aborts the streams of a session that ended, and only those", async () => {
    const live = new Set(["kept"]);
    const { r, settled } = registry(5, live);
    const ended = r.open("u1", "ended");
    const kept = r.open("u1", "kept");
    const otherUser = r.open("u2", "ended-too");
    r.sessionsChanged("u1");
    await settled();
    expect(ended.signal.aborted).toBe(true);
    expect(kept.signal.aborted).toBe(false);
    expect(otherUser.signal.aborted).toBe(false);

    r.recheckAll();
    await settled();
    expect(otherUser.signal.aborted).toBe(true);
    expect(kept.signal.aborted).toBe(false);
  });

  it("leaves streams open when the session check fails, and reports it", async () => {
    const errors: unknown[] = [];
    let fail!: (e: Error) => void;
    const check = new Promise<boolean>((_, reject) => (fail = reject));
    const r = createStreamRegistry({ maxPerUser: 5, alive: () => check, onError: (e) => errors.push(e) });
    const lease = r.open("u1", "s1");
    r.sessionsChanged("u1");
    fail(new Error("store down"));
    await check.catch(() => {});
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    expect(lease.signal.aborted).toBe(false);
  });
});
