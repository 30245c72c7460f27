import { describe, expect, it } from "vitest";
import { memoryApp, paidOrder, refusal, shippedOrder } from "../testing/memory";
import { openDispute } from "./open-dispute";

describe("opening a dispute", () => {
  it("lets the buyer dispute a shipped order, recording why, with the money still in escrow", async () => {
    const app = memoryApp();
    const { buyer, seller, order } = await shippedOrder(app);
    const disputed = await openDispute(app.ctx, buyer, order.id, "Arrived broken");
    expect(disputed).toMatchObject({ status: "disputed", disputeReason: "Arrived broken" });
    expect(app.escrowOf(order.id)).toBe(order.total);
    expect(app.balance(seller.id, "JMD")).toBe(0n);
    expect(app.events.orderStatus.at(-1)).toEqual({ orderId: order.id, status: "disputed" });
  });

  it("is the buyer's alone, and only once the order has shipped", async () => {
    const app = memoryApp();
    const { seller, admin, order } = await shippedOrder(app);
    expect((await refusal(openDispute(app.ctx, seller, order.id, "no"))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    expect((await refusal(openDispute(app.ctx, admin, order.id, "no"))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    // Someone with no part in the order is told it does not exist.
    expect((await refusal(openDispute(app.ctx, app.user(), order.id, "no"))).code).toBe("ORDER.NOT_FOUND");

    const paid = await paidOrder(app);
    expect(await refusal(openDispute(app.ctx, paid.buyer, paid.order.id, "too slow"))).toMatchObject({
      code: "ORDER.ILLEGAL_TRANSITION",
      details: { from: "paid", to: "disputed" },
    });
    expect(app.state.orders.get(order.id)!.status).toBe("shipped");
  });
});
