import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, escrowReleaseCutoff, isTerminal, ORDER_STATUSES, ORDER_TRANSITIONS, type OrderParty } from "./order";

const PARTIES: OrderParty[] = ["buyer", "seller", "admin", "system"];

/** Every edge with the parties allowed to take it, written out so a change to the machine shows here. */
const EXPECTED: Record<string, OrderParty[]> = {
  "pending→paid": ["system"],
  "pending→cancelled": ["system", "buyer", "admin"],
  "paid→shipped": ["seller"],
  "paid→cancelled": ["buyer", "seller", "admin"],
  "shipped→completed": ["buyer", "system"],
  "shipped→disputed": ["buyer"],
  "disputed→refunded": ["admin"],
  "disputed→completed": ["admin"],
};

describe("order state machine", () => {
  it("has exactly the expected edges, each for exactly the expected parties", () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const allowed = EXPECTED[`${from}→${to}`] ?? [];
        for (const party of PARTIES) expect(canTransition(from, to, party), `${party}: ${from}→${to}`).toBe(allowed.includes(party));
      }
    }
  });

  it("lets only the buyer dispute a shipped order, and only an admin settle the dispute", () => {
    expect(() => assertTransition("shipped", "disputed", "buyer")).not.toThrow();
    expect(() => assertTransition("shipped", "disputed", "seller")).toThrow(/seller cannot move an order from shipped to disputed/);
    expect(() => assertTransition("paid", "disputed", "buyer")).toThrow(/paid cannot become disputed/);
    expect(() => assertTransition("disputed", "refunded", "buyer")).toThrow(/buyer cannot/);
    expect(() => assertTransition("disputed", "completed", "seller")).toThrow(/seller cannot/);
    expect(() => assertTransition("disputed", "completed", "system")).toThrow(/system cannot/);
    expect(() => assertTransition("disputed", "cancelled", "admin")).toThrow(/disputed cannot become cancelled/);
  });

  it("ends in completed, cancelled or refunded; a dispute is not an end", () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(["completed", "cancelled", "refunded"]);
    expect(Object.keys(ORDER_TRANSITIONS.disputed).sort()).toEqual(["completed", "refunded"]);
  });

  it("puts the release cutoff the configured number of days before now", () => {
    const now = new Date("2026-03-15T12:00:00.000Z");
    expect(escrowReleaseCutoff(now, 14).toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(escrowReleaseCutoff(now, 1).toISOString()).toBe("2026-03-14T12:00:00.000Z");
  });
});
