import { describe, expect, it } from "vitest";
import { Breaker } from "./breaker";

describe("L2 breaker", () => {
  it("opens on one failure, probes once after the period on its own clock, and closes when the probe succeeds", async () => {
    let t = 0;
    const breaker = new Breaker(1000, () => t);
    const breaks: unknown[] = [];
    breaker.onBreak((e) => breaks.push(e));
    await expect(breaker.run(() => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(breaker.isOpen).toBe(true);
    expect(breaks).toHaveLength(1);

    let probes = 0;
    const probe = () => {
      probes++;
      return Promise.resolve();
    };
    t = 999;
    expect(breaker.probe(probe)).toBeUndefined();
    t = 1000;
    const running = breaker.probe(probe);
    expect(running).toBeDefined();
    // While the probe runs, nobody else gets one.
    expect(breaker.probe(probe)).toBeUndefined();
    expect(breaker.isOpen).toBe(true);
    await running;
    expect(probes).toBe(1);
    expect(breaker.isOpen).toBe(false);
  });

  it("stays open for another period after a failed probe, and probes at once after a reconnect", async () => {
    let t = 0;
    const breaker = new Breaker(1000, () => t);
    const breaks: unknown[] = [];
    breaker.onBreak((e) => breaks.push(e));
    await expect(breaker.run(() => Promise.reject(new Error("down")))).rejects.toThrow();
    t = 1000;
    await expect(breaker.probe(() => Promise.reject(new Error("still down")))).rejects.toThrow("still down");
    expect(breaker.isOpen).toBe(true);
    expect(breaks).toHaveLength(2);
    t = 1500;
    expect(breaker.probe(() => Promise.resolve())).toBeUndefined();
    await breaker.probe(() => Promise.resolve(), { reconnected: true });
    expect(breaker.isOpen).toBe(false);
  });
});
