import { describe, expect, it } from "vitest";
import { memoryApp, refusal, shippedOrder } from "../testing/memory";
import { openDispute } from "./open-dispute";
import { resolveDispute } from "./resolve-dispute";

async function disputed() {
  const app = memoryApp();
  const scene = await shippedOrder(app, 3_300n);
  await openDispute(app.ctx, scene.buyer, scene.order.id, "Not as described");
  return { app, ...scene };
}

describe("resolving a dispute", () => {
  it("refunds the buyer the order's escrow when the admin decides for them", async () => {
    const { app, buyer, seller, admin, order } = await disputed();
    const resolved = await resolveDispute(app.ctx, admin, order.id, "refund", "Seller agreed");
    expect(resolved).toMatchObject({ status: "refunded", resolutionNote: "Seller agreed" });
    expect([app.balance(buyer.id, "JMD"), app.balance(seller.id, "JMD"), app.escrowOf(order.id)]).toEqual([3_300n, 0n, 0n]);
    expect(app.events.balances.at(-1)).toEqual([buyer.id]);
    expect(app.ledgerSum("JMD")).toBe(0n);
  });

  it("releases the escrow to the seller when the admin decides for them", async () => {
    const { app, buyer, seller, admin, order } = await disputed();
    expect(await resolveDispute(app.ctx, admin, order.id, "release", "Delivered as shown")).toMatchObject({ status: "completed" });
    expect([app.balance(buyer.id, "JMD"), app.balance(seller.id, "JMD"), app.escrowOf(order.id)]).toEqual([0n, 3_300n, 0n]);
  });

  it("is an admin's decision, made once", async () => {
    const { app, buyer, seller, admin, order } = await disputed();
    expect((await refusal(resolveDispute(app.ctx, buyer, order.id, "refund", "mine"))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    expect((await refusal(resolveDispute(app.ctx, seller, order.id, "release", "mine"))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    await resolveDispute(app.ctx, admin, order.id, "refund", "first");
    expect((await refusal(resolveDispute(app.ctx, admin, order.id, "release", "second"))).code).toBe("ORDER.ILLEGAL_TRANSITION");
    expect(app.balance(seller.id, "JMD")).toBe(0n);
    expect(app.balance(buyer.id, "JMD")).toBe(3_300n);
  });
});
