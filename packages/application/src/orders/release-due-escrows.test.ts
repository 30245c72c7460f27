import { describe, expect, it } from "vitest";
import { memoryApp, shippedOrder } from "../testing/memory";
import { confirmDelivery } from "./confirm-delivery";
import { openDispute } from "./open-dispute";
import { releaseDueEscrows } from "./release-due-escrows";

const DAY = 24 * 60 * 60 * 1000;

describe("releasing escrow automatically", () => {
  it("completes shipped orders whose release period has ended and pays their sellers, once", async () => {
    const app = memoryApp({ escrowReleaseDays: 14 });
    const early = await shippedOrder(app, 1_000n);
    app.clock.advance(2 * DAY);
    const late = await shippedOrder(app, 2_000n);

    app.clock.advance(12 * DAY);
    expect(await releaseDueEscrows(app.ctx, app.clock.now())).toEqual({ released: [early.order.id], failed: [] });
    expect(app.state.orders.get(early.order.id)!.status).toBe("completed");
    expect(app.balance(early.seller.id, "JMD")).toBe(1_000n);
    expect(app.state.orders.get(late.order.id)!.status).toBe("shipped");

    // Run again: nothing is paid twice.
    expect(await releaseDueEscrows(app.ctx, app.clock.now())).toEqual({ released: [], failed: [] });
    expect(app.balance(early.seller.id, "JMD")).toBe(1_000n);

    app.clock.advance(2 * DAY);
    expect((await releaseDueEscrows(app.ctx, app.clock.now())).released).toEqual([late.order.id]);
    expect(app.events.orderStatus.filter((e) => e.status === "completed")).toHaveLength(2);
  });

  it("leaves alone orders the buyer confirmed or disputed, and honours a shorter period", async () => {
    const app = memoryApp();
    const confirmed = await shippedOrder(app);
    const disputed = await shippedOrder(app);
    const waiting = await shippedOrder(app);
    await confirmDelivery(app.ctx, confirmed.buyer, confirmed.order.id);
    await openDispute(app.ctx, disputed.buyer, disputed.order.id, "Never came");

    app.clock.advance(3 * DAY);
    expect((await releaseDueEscrows(app.ctx, app.clock.now())).released).toEqual([]);
    expect((await releaseDueEscrows(app.ctx, app.clock.now(), { days: 3, batchSize: 1 })).released).toEqual([waiting.order.id]);
    expect(app.state.orders.get(disputed.order.id)!.status).toBe("disputed");
    expect(app.escrowOf(disputed.order.id)).toBe(disputed.order.total);
    expect(app.balance(confirmed.seller.id, "JMD")).toBe(confirmed.order.total);
  });

  it("lets a dispute that gets in between the scan and the release win, without counting it as a failure", async () => {
    const app = memoryApp({ escrowReleaseDays: 1 });
    const { buyer, seller, order } = await shippedOrder(app);
    app.clock.advance(2 * DAY);
    // The scan's transaction is queued first and the dispute's second; the release of the order comes after both.
    const run = releaseDueEscrows(app.ctx, app.clock.now());
    const dispute = openDispute(app.ctx, buyer, order.id, "Wrong size");
    expect(await run).toEqual({ released: [], failed: [] });
    expect((await dispute).status).toBe("disputed");
    expect(app.balance(seller.id, "JMD")).toBe(0n);
  });
});
