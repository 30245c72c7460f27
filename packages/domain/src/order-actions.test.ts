import { describe, expect, it } from "vitest";
import { ORDER_PAYMENT_EDGE, ORDER_STATUSES, ORDER_TRANSITIONS, type OrderParty, type OrderStatus } from "./order";
import { ORDER_ACTIONS, orderActionOf, orderActions, orderPartiesOf, type OrderAction, type OrderViewer } from "./order-actions";
import type { ActorRole } from "./user";

const order = (status: OrderStatus) => ({ status, buyerId: "b", sellerId: "s" });

/** Every kind of viewer an order meets: its buyer, its seller, an admin, a stranger and a service token. */
const VIEWERS: Record<string, OrderViewer> = {
  buyer: { id: "b", role: "customer" },
  "buyer who sells": { id: "b", role: "seller" },
  seller: { id: "s", role: "seller" },
  "seller no longer selling": { id: "s", role: "customer" },
  admin: { id: "a", role: "admin" },
  "admin who bought": { id: "b", role: "admin" },
  stranger: { id: "x", role: "customer" },
  "other seller": { id: "x", role: "seller" },
  service: { id: "b", role: "service" },
};

/** What each viewer may do in each status, written out: orderActions must say exactly this. */
const EXPECTED: Record<OrderStatus, Partial<Record<keyof typeof VIEWERS, OrderAction[]>>> = {
  pending: { buyer: ["cancel"], "buyer who sells": ["cancel"], admin: ["cancel"], "admin who bought": ["cancel"] },
  paid: {
    buyer: ["cancel"],
    "buyer who sells": ["cancel"],
    seller: ["cancel", "ship"],
    "seller no longer selling": ["cancel"],
    admin: ["cancel"],
    "admin who bought": ["cancel"],
  },
  shipped: {
    buyer: ["confirmDelivery", "openDispute"],
    "buyer who sells": ["confirmDelivery", "openDispute"],
    "admin who bought": ["confirmDelivery", "openDispute"],
  },
  disputed: { admin: ["resolveRefund", "resolveRelease"], "admin who bought": ["resolveRefund", "resolveRelease"] },
  completed: {},
  cancelled: {},
  refunded: {},
};

const cases = ORDER_STATUSES.flatMap((status) => Object.keys(VIEWERS).map((viewer) => [status, viewer] as const));

describe("order actions", () => {
  it.each(cases)("%s order, seen by the %s", (status, viewer) => {
    expect(orderActions(order(status), VIEWERS[viewer]!)).toEqual(EXPECTED[status][viewer] ?? []);
  });

  it("gives every edge but payment exactly one action, and every action an edge", () => {
    const taken = new Map<OrderAction, string[]>();
    for (const from of ORDER_STATUSES) {
      for (const to of Object.keys(ORDER_TRANSITIONS[from]) as OrderStatus[]) {
        const action = orderActionOf(from, to);
        if (from === ORDER_PAYMENT_EDGE.from && to === ORDER_PAYMENT_EDGE.to) {
          expect(action).toBeNull();
          continue;
        }
        expect(action, `${from} → ${to}`).not.toBeNull();
        taken.set(action!, [...(taken.get(action!) ?? []), `${from}→${to}`]);
      }
    }
    expect([...taken.keys()].sort()).toEqual([...ORDER_ACTIONS].sort());
    // The only action with two edges is cancelling, before or after payment.
    expect([...taken].filter(([, edges]) => edges.length > 1)).toEqual([["cancel", ["pending→cancelled", "paid→cancelled"]]]);
  });

  it("offers an action only when one of the viewer's parties may take its edge", () => {
    const roles: ActorRole[] = ["customer", "seller", "admin"];
    for (const status of ORDER_STATUSES) {
      for (const id of ["b", "s", "x"]) {
        for (const role of roles) {
          const viewer = { id, role };
          const parties = orderPartiesOf(order(status), viewer);
          for (const action of orderActions(order(status), viewer)) {
            const edges = (Object.entries(ORDER_TRANSITIONS[status]) as [OrderStatus, readonly OrderParty[]][]).filter(([to]) => orderActionOf(status, to) === action);
            expect(edges.some(([, who]) => who.some((p) => parties.includes(p))), `${status} ${action} by ${id}/${role}`).toBe(true);
          }
        }
      }
    }
  });

  it("knows a viewer's parties: buyer, seller and admin, or none", () => {
    expect(orderPartiesOf(order("paid"), { id: "b", role: "customer" })).toEqual(["buyer"]);
    expect(orderPartiesOf(order("paid"), { id: "s", role: "seller" })).toEqual(["seller"]);
    expect(orderPartiesOf(order("paid"), { id: "b", role: "admin" })).toEqual(["buyer", "admin"]);
    expect(orderPartiesOf(order("paid"), { id: "x", role: "seller" })).toEqual([]);
  });
});
