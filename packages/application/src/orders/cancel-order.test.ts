import { describe, expect, it } from "vitest";
import { memoryApp, paidOrder, refusal, shippedOrder } from "../testing/memory";
import { cancelOrder } from "./cancel-order";

describe("cancelling an order", () => {
  it("gives the buyer their money back from escrow and puts the stock back, before shipping", async () => {
    const app = memoryApp();
    const { buyer, product, order } = await paidOrder(app, 1_200n);
    expect(app.state.products.get(product.id)!.quantity).toBe(2);
    const cancelled = await cancelOrder(app.ctx, buyer, order.id);
    expect(cancelled.status).toBe("cancelled");
    expect([app.balance(buyer.id, "JMD"), app.escrowOf(order.id)]).toEqual([1_200n, 0n]);
    expect(app.state.products.get(product.id)!.quantity).toBe(3);
    expect(app.events.products.at(-1)).toEqual([product.id]);
  });

  it("may be done by the seller or an admin too, but not once shipped and not twice", async () => {
    const app = memoryApp();
    const bySeller = await paidOrder(app);
    await cancelOrder(app.ctx, bySeller.seller, bySeller.order.id);
    expect((await refusal(cancelOrder(app.ctx, bySeller.buyer, bySeller.order.id))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    expect(app.balance(bySeller.buyer.id, "JMD")).toBe(bySeller.order.total);

    const shipped = await shippedOrder(app);
    expect((await refusal(cancelOrder(app.ctx, shipped.admin, shipped.order.id))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    expect(app.escrowOf(shipped.order.id)).toBe(shipped.order.total);
  });
});
