import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let buyer: User;
let seller: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  [buyer, seller] = await Promise.all([kit.newUser(), kit.newUser("seller")]);
  await kit.fund(buyer.id, "JMD", 10_000_000n);
});
afterAll(() => kit?.close());

interface Row extends Record<string, unknown> {
  type: string;
  data: Record<string, unknown>;
  audience: string[];
}

const eventsOf = async (id: string) =>
  kit.query<Row>(`select type, data, audience from outbox_events where data->>'orderId' = '${id}' or data->>'productId' = '${id}' order by pos`);

async function paidOrder(quantity = 1, stock = 10) {
  const p = await kit.newProduct(seller, { price: 1250n, quantity: stock });
  await kit.as(buyer).cart.setItem({ productId: p.id, quantity });
  const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
  return { product: p, order: orders[0]! };
}

describe("the transactional outbox", () => {
  it("records each step of an order with its facts, in the transaction that took it", async () => {
    const { product, order } = await paidOrder(2, 2);
    expect((await eventsOf(product.id)).map((e) => e.type)).toEqual(["product.sold_out"]);
    await kit.as(seller).seller.order.ship({ id: order.id, carrier: "JamPost", trackingNumber: "JP123" });
    await kit.as(buyer).order.confirmDelivery({ id: order.id });
    const events = await eventsOf(order.id);
    expect(events.map((e) => e.type)).toEqual(["order.paid", "order.shipped", "order.completed"]);
    expect(events[0]!.data).toMatchObject({ orderId: order.id, buyerId: buyer.id, sellerId: seller.id, total: "2500", currency: "JMD", status: "paid" });
    expect(events[1]!.data).toMatchObject({ carrier: "JamPost", trackingNumber: "JP123", previousStatus: "paid" });
    expect(events[2]!.data).toMatchObject({ reason: "delivered" });
    expect(new Set(events[0]!.audience)).toEqual(new Set([buyer.id, seller.id]));
  });

  it("records cancellations, disputes and their resolution", async () => {
    const { order: cancelled } = await paidOrder();
    await kit.as(buyer).order.cancel({ id: cancelled.id });
    expect((await eventsOf(cancelled.id)).map((e) => e.type)).toEqual(["order.paid", "order.cancelled"]);

    const { order } = await paidOrder();
    await kit.as(seller).seller.order.ship({ id: order.id });
    await kit.as(buyer).order.openDispute({ id: order.id, reason: "Never arrived" });
    await kit.as(kit.admin).admin.order.resolveDispute({ id: order.id, outcome: "refund", note: "Refunded" });
    const events = await eventsOf(order.id);
    expect(events.map((e) => e.type)).toEqual(["order.paid", "order.shipped", "order.disputed", "order.refunded", "dispute.resolved"]);
    expect(events[4]!.data).toMatchObject({ outcome: "refund", total: "1250" });
  });

  it("writes nothing for a checkout that did not commit", async () => {
    const poor = await kit.newUser();
    const p = await kit.newProduct(seller, { price: 1250n, quantity: 1 });
    await kit.as(poor).cart.setItem({ productId: p.id, quantity: 1 });
    expect(await errorCode(kit.as(poor).checkout.place({ idempotencyKey: key() }))).toBe("WALLET.INSUFFICIENT_FUNDS");
    expect(await eventsOf(p.id)).toEqual([]);
    const rows = await kit.query<{ n: number }>(`select count(*)::int as n from outbox_events where $$${poor.id}$$ = any(audience)`);
    expect(rows[0]?.n).toBe(0);
  });

});
