import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { ORDER_PAYMENT_EDGE, ORDER_STATUSES, ORDER_TRANSITIONS, assertTransition, canTransition, escrowReleaseCutoff, isTerminal, type OrderParty, type OrderStatus } from "./order";

const PARTIES: readonly OrderParty[] = ["buyer", "seller", "admin", "system"];

/** The whole state machine, written out edge by edge: the table in order.ts must say exactly this. */
const LEGAL: Record<string, readonly OrderParty[]> = {
  // checkout: the buyer's escrow hold pays the order (the system may pay one too)
  "pending→paid": ["buyer", "system"],
  "pending→cancelled": ["system", "buyer", "admin"],
  "paid→shipped": ["seller"],
  "paid→cancelled": ["buyer", "seller", "admin"],
  "shipped→completed": ["buyer", "system"],
  "shipped→disputed": ["buyer"],
  "disputed→refunded": ["admin"],
  "disputed→completed": ["admin"],
};

const allTriples = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.flatMap((to) => PARTIES.map((party) => [from, to, party] as const)));

function refusal(from: OrderStatus, to: OrderStatus, party: OrderParty): string {
  try {
    assertTransition(from, to, party);
    return "allowed";
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe("order state machine", () => {
  it("has exactly the documented edges", () => {
    const edges = Object.fromEntries(
      ORDER_STATUSES.flatMap((from) =>
        Object.entries(ORDER_TRANSITIONS[from]).map(([to, parties]) => [`${from}→${to}`, [...(parties ?? [])].sort()]),
      ),
    );
    expect(edges).toEqual(Object.fromEntries(Object.entries(LEGAL).map(([k, v]) => [k, [...v].sort()])));
  });

  it.each(allTriples)("%s → %s by the %s", (from, to, party) => {
    const allowed = LEGAL[`${from}→${to}`]?.includes(party) ?? false;
    expect(canTransition(from, to, party)).toBe(allowed);
    expect(refusal(from, to, party)).toBe(allowed ? "allowed" : "ORDER.ILLEGAL_TRANSITION");
  });

  it("never allows staying in the same status or going back to pending", () => {
    for (const [from, to, party] of allTriples) {
      if (from === to || to === "pending") expect(canTransition(from, to, party)).toBe(false);
    }
  });

  it("lets the buyer pay a pending order at checkout, and no one else but the system", () => {
    expect(ORDER_TRANSITIONS[ORDER_PAYMENT_EDGE.from][ORDER_PAYMENT_EDGE.to]).toBeDefined();
    expect(canTransition("pending", "paid", "buyer")).toBe(true);
    expect(canTransition("pending", "paid", "system")).toBe(true);
    expect(canTransition("pending", "paid", "seller")).toBe(false);
    expect(canTransition("pending", "paid", "admin")).toBe(false);
  });

  it("says why a transition is refused: the edge, or the party", () => {
    expect(() => assertTransition("shipped", "cancelled", "admin")).toThrow(/cannot become cancelled/);
    expect(() => assertTransition("paid", "shipped", "buyer")).toThrow(/The buyer cannot move an order from paid to shipped/);
  });

  it("ends in completed, cancelled or refunded; a dispute is not an end", () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(["completed", "cancelled", "refunded"]);
    expect(Object.keys(ORDER_TRANSITIONS.disputed).sort()).toEqual(["completed", "refunded"]);
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

  it("puts the release cutoff the configured number of days before now", () => {
    const now = new Date("2026-03-15T12:00:00.000Z");
    expect(escrowReleaseCutoff(now, 14).toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(escrowReleaseCutoff(now, 1).toISOString()).toBe("2026-03-14T12:00:00.000Z");
  });

  it("reaches every status from pending", () => {
    const seen = new Set<OrderStatus>(["pending"]);
    const queue: OrderStatus[] = ["pending"];
    while (queue.length > 0) {
      const from = queue.shift()!;
      for (const to of Object.keys(ORDER_TRANSITIONS[from]) as OrderStatus[]) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
