import type { Order, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

const DAY = 24 * 60 * 60 * 1000;

// Shipping is stamped by the database's clock; the release job is handed its "now", which the tests set days
// past the shipment time, so nothing waits for real days to pass.
const after = (order: Order, ms: number) => new Date(order.shippedAt!.getTime() + ms);
/** The release time of the latest of these shipments. */
const latest = (orders: Order[], ms: number) => new Date(Math.max(...orders.map((o) => o.shippedAt!.getTime())) + ms);

let kit: CommerceKit;
let seller: User;
let buyer: User;
let stranger: User;

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 12 });
  [seller, buyer, stranger] = await Promise.all([kit.newUser("seller"), kit.newUser(), kit.newUser()]);
  await kit.fund(buyer.id, "JMD", 10_000_000n);
});
afterAll(() => kit?.close());

/** A seller's escrow: the sum of their escrow accounts (one per paid order). */
async function escrow(sellerId: string): Promise<bigint> {
  const [row] = await kit.query<{ balance: string }>(
    `select coalesce(sum(balance), 0)::text as balance from wallets where kind = 'escrow' and user_id = '${sellerId}' and currency = 'JMD'`,
  );
  return BigInt(row?.balance ?? "0");
}

async function ledgerHolds() {
  const sums = await kit.query<{ total: string }>(`select sum(balance)::text as total from wallets group by currency`);
  expect(sums.every((s) => s.total === "0")).toBe(true);
  const mismatched = await kit.query<{ id: string }>(`
    select w.id from wallets w
     where w.balance <> coalesce((select sum(amount) from transactions where to_wallet_id = w.id), 0)
                      - coalesce((select sum(amount) from transactions where from_wallet_id = w.id), 0)`);
  expect(mismatched).toEqual([]);
}

/** A paid order of 2 × 1500 JMD. */
async function paidOrder(): Promise<Order> {
  const p = await kit.newProduct(seller, { price: 1500n, quantity: 10 });
  await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 2 });
  const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
  return orders[0]!;
}

async function shippedOrder(): Promise<Order> {
  const order = await paidOrder();
  return kit.as(seller).seller.order.ship({ id: order.id, carrier: "Knutsford Express", trackingNumber: "KE-123" });
}

describe("shipping", () => {
  it("records carrier, tracking number and the shipment time, and shows them to the buyer", async () => {
    const order = await paidOrder();
    const shipped = await kit.as(seller).seller.order.ship({ id: order.id, carrier: " Knutsford Express ", trackingNumber: "KE-0042" });
    expect(shipped).toMatchObject({ status: "shipped", carrier: "Knutsford Express", trackingNumber: "KE-0042" });
    expect(shipped.shippedAt).toBeInstanceOf(Date);
    const seen = await kit.as(buyer).order.byId({ id: order.id });
    expect(seen).toMatchObject({ carrier: "Knutsford Express", trackingNumber: "KE-0042", buyerName: buyer.username, shippedAt: shipped.shippedAt });
    expect((await kit.as(buyer).order.list({})).items.find((o) => o.id === order.id)?.trackingNumber).toBe("KE-0042");
  });

  it("ships without tracking too; blank fields are stored as none", async () => {
    const order = await paidOrder();
    const shipped = await kit.as(seller).seller.order.ship({ id: order.id, carrier: "", trackingNumber: "  " });
    expect(shipped).toMatchObject({ status: "shipped", carrier: null, trackingNumber: null });
  });
});

describe("disputes", () => {
  it("buyer opens a dispute on a shipped order; the money stays in escrow", async () => {
    const order = await shippedOrder();
    const escrowBefore = await escrow(seller.id);
    const sellerBefore = await kit.balance(seller.id, "JMD");
    const disputed = await kit.as(buyer).order.openDispute({ id: order.id, reason: "The box arrived empty." });
    expect(disputed).toMatchObject({ status: "disputed", disputeReason: "The box arrived empty." });
    expect(await escrow(seller.id)).toBe(escrowBefore);
    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore);
    // No confirming or cancelling around the dispute.
    expect(await errorCode(kit.as(buyer).order.confirmDelivery({ id: order.id }))).toBe("ORDER.ILLEGAL_TRANSITION");
    expect(await errorCode(kit.as(buyer).order.cancel({ id: order.id }))).toBe("ORDER.ILLEGAL_TRANSITION");
  });

  it("refuses the wrong party and the wrong state", async () => {
    const paid = await paidOrder();
    expect(await errorCode(kit.as(buyer).order.openDispute({ id: paid.id, reason: "Never shipped at all" }))).toBe("ORDER.ILLEGAL_TRANSITION");
    const order = await shippedOrder();
    expect(await errorCode(kit.as(seller).order.openDispute({ id: order.id, reason: "Seller cannot do this" }))).toBe("ORDER.ILLEGAL_TRANSITION");
    expect(await errorCode(kit.as(kit.admin).order.openDispute({ id: order.id, reason: "Admin cannot do this" }))).toBe("ORDER.ILLEGAL_TRANSITION");
    expect(await errorCode(kit.as(stranger).order.openDispute({ id: order.id, reason: "Not my order at all" }))).toBe("ORDER.NOT_FOUND");
    expect(await errorCode(kit.as(buyer).order.openDispute({ id: order.id, reason: "short" }))).toBe("BAD_REQUEST");
    // Only an admin resolves, and only a disputed order.
    expect(await errorCode(kit.as(kit.admin).admin.order.resolveDispute({ id: order.id, outcome: "refund", note: "not disputed" }))).toBe(
      "ORDER.ILLEGAL_TRANSITION",
    );
    await kit.as(buyer).order.openDispute({ id: order.id, reason: "Wrong colour entirely" });
    expect(await errorCode(kit.as(buyer).admin.order.resolveDispute({ id: order.id, outcome: "refund", note: "me" }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(seller).admin.order.resolveDispute({ id: order.id, outcome: "release", note: "me" }))).toBe("AUTH.FORBIDDEN");
    expect((await kit.as(buyer).order.byId({ id: order.id })).status).toBe("disputed");
  });

  it("refund: escrow goes back to the buyer, the order is refunded, both parties are told", async () => {
    const order = await shippedOrder();
    await kit.as(buyer).order.openDispute({ id: order.id, reason: "The box arrived empty." });
    const buyerBefore = await kit.balance(buyer.id, "JMD");
    const sellerBefore = await kit.balance(seller.id, "JMD");
    const escrowBefore = await escrow(seller.id);

    const resolved = await kit.as(kit.admin).admin.order.resolveDispute({ id: order.id, outcome: "refund", note: "Courier confirmed the loss" });
    expect(resolved).toMatchObject({ status: "refunded", resolutionNote: "Courier confirmed the loss" });
    expect(await kit.balance(buyer.id, "JMD")).toBe(buyerBefore + 3000n);
    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore);
    expect(await escrow(seller.id)).toBe(escrowBefore - 3000n);
    const events = kit.log.orderStatus.filter((e) => e.orderId === order.id);
    expect(events.map((e) => e.status)).toEqual(["paid", "shipped", "disputed", "refunded"]);
    expect(events.at(-1)).toMatchObject({ buyerId: buyer.id, sellerId: seller.id });
    // Settled is settled.
    expect(await errorCode(kit.as(kit.admin).admin.order.resolveDispute({ id: order.id, outcome: "release", note: "again" }))).toBe(
      "ORDER.ILLEGAL_TRANSITION",
    );
    await ledgerHolds();
  });

  it("release: escrow goes to the seller, the order is completed", async () => {
    const order = await shippedOrder();
    await kit.as(buyer).order.openDispute({ id: order.id, reason: "I changed my mind about it" });
    const buyerBefore = await kit.balance(buyer.id, "JMD");
    const sellerBefore = await kit.balance(seller.id, "JMD");
    const escrowBefore = await escrow(seller.id);

    const resolved = await kit.as(kit.admin).admin.order.resolveDispute({ id: order.id, outcome: "release", note: "Goods were as described" });
    expect(resolved.status).toBe("completed");
    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore + 3000n);
    expect(await kit.balance(buyer.id, "JMD")).toBe(buyerBefore);
    expect(await escrow(seller.id)).toBe(escrowBefore - 3000n);
    expect(kit.log.orderStatus.filter((e) => e.orderId === order.id).at(-1)?.status).toBe("completed");
    await ledgerHolds();
  });
});

describe("escrow auto-release", () => {
  const releases = async (orderId: string) =>
    Number((await kit.query<{ n: number }>(`select count(*)::int as n from transactions where kind = 'escrow_release' and order_id = '${orderId}'`))[0]!.n);

  it("releases a shipped order only once the release period has passed", async () => {
    const order = await shippedOrder();
    const sellerBefore = await kit.balance(seller.id, "JMD");

    const early = await kit.services.orders.releaseDueEscrows(after(order, 14 * DAY - 1));
    expect(early.released).not.toContain(order.id);
    expect((await kit.as(buyer).order.byId({ id: order.id })).status).toBe("shipped");

    const due = await kit.services.orders.releaseDueEscrows(after(order, 14 * DAY));
    expect(due.released).toContain(order.id);
    expect((await kit.as(buyer).order.byId({ id: order.id })).status).toBe("completed");
    // Orders shipped by earlier tests in this file fell due too; every order here is 3000 JMD from this seller.
    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore + 3000n * BigInt(early.released.length + due.released.length));
    expect(kit.log.orderStatus.filter((e) => e.orderId === order.id).at(-1)?.status).toBe("completed");

    const again = await kit.services.orders.releaseDueEscrows(after(order, 30 * DAY));
    expect(again.released).not.toContain(order.id);
    expect(await releases(order.id)).toBe(1);
    await ledgerHolds();
  });

  it("leaves disputed and confirmed orders alone, and honours a shorter configured period", async () => {
    const disputed = await shippedOrder();
    await kit.as(buyer).order.openDispute({ id: disputed.id, reason: "It does not work at all" });
    const confirmed = await shippedOrder();
    await kit.as(buyer).order.confirmDelivery({ id: confirmed.id });
    const quiet = await shippedOrder();

    const r = await kit.services.orders.releaseDueEscrows(latest([disputed, confirmed, quiet], 3 * DAY), { days: 3 });
    expect(r.released).toContain(quiet.id);
    expect(r.released).not.toContain(disputed.id);
    expect(r.released).not.toContain(confirmed.id);
    expect((await kit.as(buyer).order.byId({ id: disputed.id })).status).toBe("disputed");
    expect(await releases(confirmed.id)).toBe(1);
  });

  it("concurrent runs release each due order exactly once", async () => {
    const orders = [];
    for (let i = 0; i < 8; i++) orders.push(await shippedOrder());
    const ids = orders.map((o) => o.id);
    const sellerBefore = await kit.balance(seller.id, "JMD");
    const escrowBefore = await escrow(seller.id);

    const later = latest(orders, 15 * DAY);
    const runs = await Promise.all(Array.from({ length: 5 }, () => kit.services.orders.releaseDueEscrows(later, { batchSize: 3 })));
    const released = runs.flatMap((r) => r.released).filter((id) => ids.includes(id));
    expect(released.sort()).toEqual([...ids].sort());
    expect(runs.flatMap((r) => r.failed)).toEqual([]);
    for (const id of ids) expect(await releases(id)).toBe(1);
    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore + 8n * 3000n);
    expect(await escrow(seller.id)).toBe(escrowBefore - 8n * 3000n);
    await ledgerHolds();
  });

  it("a buyer's confirmation racing the job pays the seller exactly once", async () => {
    const order = await shippedOrder();
    const sellerBefore = await kit.balance(seller.id, "JMD");
    const [confirm] = await Promise.allSettled([
      kit.as(buyer).order.confirmDelivery({ id: order.id }),
      kit.services.orders.releaseDueEscrows(after(order, 20 * DAY)),
    ]);
    if (confirm.status === "rejected") expect(await errorCode(Promise.reject(confirm.reason))).toBe("ORDER.ILLEGAL_TRANSITION");
    expect((await kit.as(buyer).order.byId({ id: order.id })).status).toBe("completed");
    expect(await releases(order.id)).toBe(1);
    expect(await kit.balance(seller.id, "JMD")).toBe(sellerBefore + 3000n);
  });
});
