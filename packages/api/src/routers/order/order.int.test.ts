import type { Order, OrderStatus, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderFeed, OrderStatusEvent } from "../../context";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

const feedEvents: OrderStatusEvent[] = [];
const feed: OrderFeed = {
  async *subscribe(_userId, signal) {
    for (const e of feedEvents) {
      if (signal.aborted) return;
      yield e;
    }
  },
};

let kit: CommerceKit;
let seller: User;
let otherSeller: User;
let buyer: User;
let stranger: User;

beforeAll(async () => {
  kit = await createCommerceKit({ orderFeed: feed });
  [seller, otherSeller, buyer, stranger] = await Promise.all([kit.newUser("seller"), kit.newUser("seller"), kit.newUser(), kit.newUser()]);
  await kit.fund(buyer.id, "JMD", 1_000_000n);
});
afterAll(() => kit?.close());

/** A seller's escrow: the sum of their escrow accounts (one per paid order). */
async function escrow(sellerId: string): Promise<bigint> {
  const [row] = await kit.query<{ balance: string }>(
    `select coalesce(sum(balance), 0)::text as balance from wallets where kind = 'escrow' and user_id = '${sellerId}' and currency = 'JMD'`,
  );
  return BigInt(row?.balance ?? "0");
}

/** A fresh paid order of 2 × 1500 JMD from `seller`. */
async function paidOrder(): Promise<{ order: Order; productId: string }> {
  const p = await kit.newProduct(seller, { price: 1500n, quantity: 10 });
  await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 2 });
  const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
  return { order: orders[0]!, productId: p.id };
}

describe("escrow lifecycle", () => {
  it("pay → ship → confirm releases the money to the seller", async () => {
    const { order } = await paidOrder();
    const sellerBefore = await kit.balance(seller.id, "JMD");
    const escrowBefore = await escrow(seller.id);

    const shipped = await kit.as(seller).seller.order.ship({ id: order.id });
    expect(shipped.status).toBe("shipped");
    const completed = await kit.as(buyer).order.confirmDelivery({ id: order.id });
    expect(completed.status).toBe("completed");

    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore + 3000n);
    expect(await escrow(seller.id)).toBe(escrowBefore - 3000n);
    expect(kit.log.orderStatus.filter((e) => e.orderId === order.id).map((e) => e.status)).toEqual(["paid", "shipped", "completed"]);
  });

  it("pay → cancel refunds the buyer and restocks", async () => {
    for (const canceller of ["buyer", "seller", "admin"] as const) {
      const { order, productId } = await paidOrder();
      const buyerBefore = await kit.balance(buyer.id, "JMD");
      const actor = canceller === "buyer" ? buyer : canceller === "seller" ? seller : kit.admin;
      const cancelled = await kit.as(actor).order.cancel({ id: order.id });
      expect(cancelled.status).toBe("cancelled");
      expect(await kit.balance(buyer.id, "JMD")).toBe(buyerBefore + 3000n);
      expect((await kit.as(null).product.byId({ id: productId })).quantity).toBe(10);
    }
  });

  it("refuses every other transition and every wrong-role transition", async () => {
    const { order } = await paidOrder();
    const refused = async (p: Promise<unknown>, code = "ORDER.ILLEGAL_TRANSITION") => expect(await errorCode(p)).toBe(code);

    // paid: only the seller ships, only the buyer confirms after shipping.
    await refused(kit.as(buyer).order.confirmDelivery({ id: order.id }));
    await refused(kit.as(seller).order.confirmDelivery({ id: order.id }));
    await refused(kit.as(kit.admin).order.confirmDelivery({ id: order.id }));
    await refused(kit.as(otherSeller).seller.order.ship({ id: order.id }), "ORDER.NOT_FOUND");

    await kit.as(seller).seller.order.ship({ id: order.id });
    // shipped: no cancelling, no shipping twice, only the buyer confirms.
    await refused(kit.as(buyer).order.cancel({ id: order.id }));
    await refused(kit.as(seller).order.cancel({ id: order.id }));
    await refused(kit.as(kit.admin).order.cancel({ id: order.id }));
    await refused(kit.as(seller).seller.order.ship({ id: order.id }));
    await refused(kit.as(seller).order.confirmDelivery({ id: order.id }));
    await refused(kit.as(kit.admin).order.confirmDelivery({ id: order.id }));

    await kit.as(buyer).order.confirmDelivery({ id: order.id });
    // completed is terminal.
    await refused(kit.as(buyer).order.confirmDelivery({ id: order.id }));
    await refused(kit.as(buyer).order.cancel({ id: order.id }));
    await refused(kit.as(seller).seller.order.ship({ id: order.id }));

    const { order: other } = await paidOrder();
    await kit.as(buyer).order.cancel({ id: other.id });
    // cancelled is terminal too, and nothing is refunded twice.
    const before = await kit.balance(buyer.id, "JMD");
    await refused(kit.as(buyer).order.cancel({ id: other.id }));
    await refused(kit.as(seller).seller.order.ship({ id: other.id }));
    await refused(kit.as(buyer).order.confirmDelivery({ id: other.id }));
    expect(await kit.balance(buyer.id, "JMD")).toBe(before);
  });

  it("strangers cannot see or move an order: it does not exist for them", async () => {
    const { order } = await paidOrder();
    expect(await errorCode(kit.as(stranger).order.byId({ id: order.id }))).toBe("ORDER.NOT_FOUND");
    expect(await errorCode(kit.as(stranger).order.cancel({ id: order.id }))).toBe("ORDER.NOT_FOUND");
    expect(await errorCode(kit.as(stranger).order.confirmDelivery({ id: order.id }))).toBe("ORDER.NOT_FOUND");
    expect(await errorCode(kit.as(otherSeller).order.cancel({ id: order.id }))).toBe("ORDER.NOT_FOUND");
    expect(await errorCode(kit.as(buyer).order.byId({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe("ORDER.NOT_FOUND");
    expect(await errorCode(kit.as(buyer).seller.order.ship({ id: order.id }))).toBe("AUTH.FORBIDDEN");
  });

  it("concurrent cancel and ship: exactly one wins and the money follows it", async () => {
    const { order } = await paidOrder();
    const before = await kit.balance(buyer.id, "JMD");
    const [cancel, ship] = await Promise.allSettled([
      kit.as(buyer).order.cancel({ id: order.id }),
      kit.as(seller).seller.order.ship({ id: order.id }),
    ]);
    expect([cancel.status, ship.status].filter((s) => s === "fulfilled")).toHaveLength(1);
    const final = await kit.as(buyer).order.byId({ id: order.id });
    expect(await kit.balance(buyer.id, "JMD")).toBe(final.status === "cancelled" ? before + 3000n : before);
  });
});

describe("order reads", () => {
  it("byId for buyer, its seller and admins; lists per role", async () => {
    const { order } = await paidOrder();
    for (const who of [buyer, seller, kit.admin]) {
      expect((await kit.as(who).order.byId({ id: order.id })).id).toBe(order.id);
    }
    const mine = await kit.as(buyer).order.list({ status: "paid", pageSize: 100 });
    expect(mine.items.some((o) => o.id === order.id)).toBe(true);
    expect(mine.items.every((o) => o.buyerId === buyer.id && o.status === "paid")).toBe(true);

    const sold = await kit.as(seller).seller.order.list({ pageSize: 100 });
    expect(sold.items.some((o) => o.id === order.id)).toBe(true);
    expect(sold.items.every((o) => o.sellerId === seller.id)).toBe(true);
    expect((await kit.as(otherSeller).seller.order.list()).items.some((o) => o.id === order.id)).toBe(false);
    expect((await kit.as(stranger).order.list()).total).toBe(0);

    const all = await kit.as(kit.admin).admin.order.list({ pageSize: 100 });
    expect(all.items.some((o) => o.id === order.id)).toBe(true);
    expect(await errorCode(kit.as(buyer).admin.order.list())).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(null).order.list())).toBe("AUTH.UNAUTHENTICATED");
    expect(await errorCode(kit.as(buyer).order.list({ status: "lost" as OrderStatus }))).toBe("BAD_REQUEST");
  });
});

describe("order.onStatus", () => {
  it("streams the feed's events for the caller until aborted", async () => {
    const at = new Date();
    // The stream carries only the public fields, whatever the feed holds.
    feedEvents.push({ orderId: "o1", status: "shipped", at, buyerId: "internal" } as OrderStatusEvent, { orderId: "o2", status: "completed", at });
    const stream = await kit.as(buyer).order.onStatus();
    const got: OrderStatusEvent[] = [];
    for await (const e of stream) got.push(e);
    expect(got).toEqual([
      { orderId: "o1", status: "shipped", at },
      { orderId: "o2", status: "completed", at },
    ]);
    expect(await errorCode(kit.as(null).order.onStatus())).toBe("AUTH.UNAUTHENTICATED");
  });
});

describe("order numbers", () => {
  it("gives each order a number from a sequence, names both parties, and finds an order by its number", async () => {
    const first = (await paidOrder()).order;
    const second = (await paidOrder()).order;
    expect(first.number).toBeGreaterThanOrEqual(10_001);
    expect(second.number).toBeGreaterThan(first.number);
    expect(first).toMatchObject({ buyerName: buyer.username, sellerName: seller.username });
    expect((await kit.as(buyer).order.byId({ id: first.id })).number).toBe(first.number);

    for (const typed of [`CX-${second.number}`, `cx${second.number}`, ` ${second.number} `]) {
      const mine = await kit.as(buyer).order.list({ search: typed });
      expect(mine.items.map((o) => o.id), typed).toEqual([second.id]);
    }
    expect((await kit.as(seller).seller.order.list({ search: `CX-${first.number}` })).items.map((o) => o.id)).toEqual([first.id]);
    expect((await kit.as(kit.admin).admin.order.list({ search: `CX-${first.number}` })).items.map((o) => o.id)).toEqual([first.id]);
    // Someone else's number finds nothing; text that is not a number finds nothing.
    const other = await kit.newUser();
    expect((await kit.as(other).order.list({ search: `CX-${first.number}` })).total).toBe(0);
    expect((await kit.as(buyer).order.list({ search: "coffee" })).total).toBe(0);
  });

  it("tells both sides when a shipped order's escrow is released without the buyer", async () => {
    const { order } = await paidOrder();
    expect((await kit.as(buyer).order.byId({ id: order.id })).autoReleaseAt).toBeNull();
    const shipped = await kit.as(seller).seller.order.ship({ id: order.id });
    const releaseAt = new Date(shipped.shippedAt!.getTime() + 14 * 24 * 60 * 60 * 1000);
    expect(shipped.autoReleaseAt).toEqual(releaseAt);
    expect((await kit.as(buyer).order.byId({ id: order.id })).autoReleaseAt).toEqual(releaseAt);
    await kit.as(buyer).order.confirmDelivery({ id: order.id });
    expect((await kit.as(buyer).order.byId({ id: order.id })).autoReleaseAt).toBeNull();
  });
});
