import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, ORDER_TRANSITIONS, type OrderStatus } from "./order";
import { ESCROW_HOLDING_STATUSES, ESCROW_PAYOUTS, escrowHoldPosting, escrowPayoutPosting, orderEscrowBalance } from "./order-escrow";

const order = { id: "o", buyerId: "b", sellerId: "s", total: 2500n, currency: "JMD" as const };

describe("escrow per order", () => {
  it("holds the order's total from payment until the order ends, and nothing otherwise", () => {
    const held = ORDER_STATUSES.filter((status) => orderEscrowBalance({ status, total: 7n }) === 7n);
    expect(held).toEqual([...ESCROW_HOLDING_STATUSES]);
  });

  it("pays out once on every edge that leaves a holding status for an end, and only there", () => {
    for (const from of ORDER_STATUSES) {
      for (const to of Object.keys(ORDER_TRANSITIONS[from]) as OrderStatus[]) {
        const before = orderEscrowBalance({ status: from, total: 1n });
        const after = orderEscrowBalance({ status: to, total: 1n });
        const paysOut = before === 1n && after === 0n;
        expect(paysOut, `${from} → ${to}`).toBe(to in ESCROW_PAYOUTS && from !== "pending");
      }
    }
  });

  it("moves the whole total into and out of the order's own account", () => {
    expect(escrowHoldPosting(order)).toEqual({
      kind: "escrow_hold",
      currency: "JMD",
      amount: 2500n,
      from: { kind: "user", userId: "b" },
      to: { kind: "escrow", sellerId: "s" },
      memo: null,
      orderId: "o",
    });
    expect(escrowPayoutPosting(order, "completed")).toMatchObject({ kind: "escrow_release", amount: 2500n, from: { kind: "escrow", sellerId: "s" }, to: { kind: "user", userId: "s" }, orderId: "o" });
    expect(escrowPayoutPosting(order, "cancelled")).toMatchObject({ kind: "refund", to: { kind: "user", userId: "b" }, orderId: "o" });
    expect(escrowPayoutPosting(order, "refunded")).toMatchObject({ kind: "refund", to: { kind: "user", userId: "b" }, orderId: "o" });
  });
});
