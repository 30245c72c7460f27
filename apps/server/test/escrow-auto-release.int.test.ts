/**
 * Automatic escrow release, end to end over HTTP: a buyer pays, the seller ships, nobody confirms or disputes, and
 * once ESCROW_RELEASE_DAYS have passed the server's own background job completes the order and pays the seller,
 * once. The days pass on the server's clock, which the test moves; the shipment time is the database's.
 */
import { randomUUID } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@caribex/application";
import type { Clock } from "@caribex/domain";
import { signIn, startServer, type Running } from "./harness";

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const PRICE = 2_500n;

// Today plus however far the test has moved it. Everything in the server reads this clock (sessions too); the
// database's now() stays today, so a shipment is stamped with the real time and falls due by the moved one.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

let s: Running;
beforeAll(async () => {
  // The job runs every second here (the default is every five minutes); what it does on each pass is decided by
  // the clock alone.
  s = await startServer({ ESCROW_RELEASE_DAYS: "14", ESCROW_RELEASE_INTERVAL_SECONDS: "1", JOBS_MODE: "inline" }, { clock });
});
afterAll(() => s?.stop());

async function withRole(role: "admin" | "seller") {
  const account = privateKeyToAccount(generatePrivateKey());
  const { user } = await s.app.deps.services.users.signIn(account.address);
  await s.db.uow.run(SYSTEM_ACTOR, (r) => r.users.setRole(user.id, role));
  return signIn(s.url, account);
}

const statusInDatabase = async (id: string) => (await s.db.uow.run(SYSTEM_ACTOR, (r) => r.orders.findById(id)))?.status;

describe("escrow auto-release", () => {
  it("completes a shipped order and pays the seller once the release period has passed, exactly once", async () => {
    const [admin, seller] = await Promise.all([withRole("admin"), withRole("seller")]);
    const buyer = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    const jmd = async (who: typeof seller) => (await who.client.wallet.balances.query()).find((b) => b.currency === "JMD")?.balance ?? 0n;

    const product = await seller.client.seller.product.create.mutate({ title: "Dutch pot", description: "Cast aluminium.", price: PRICE, currency: "JMD", quantity: 5 });
    await admin.client.admin.wallet.credit.mutate({ userId: buyer.user.id, currency: "JMD", amount: 10_000n, idempotencyKey: randomUUID() });
    await buyer.client.cart.setItem.mutate({ productId: product.id, quantity: 1 });
    const { orders } = await buyer.client.checkout.place.mutate({ idempotencyKey: randomUUID() });
    const orderId = orders[0]!.id;
    const shipped = await seller.client.seller.order.ship.mutate({ id: orderId, carrier: "Knutsford Express", trackingNumber: "KE-77" });
    expect(shipped.status).toBe("shipped");
    const sellerBefore = await jmd(seller);

    // A minute short of fourteen days: a pass that starts now leaves the order alone. (runNow waits for a pass
    // queued after the call, behind any pass already running, so it surely ran with the moved clock.)
    offsetMs = 14 * DAY - MINUTE;
    await s.app.jobs.runNow("escrow-release");
    expect(await statusInDatabase(orderId)).toBe("shipped");

    // A minute past: the background job, not the test, completes it.
    offsetMs = 14 * DAY + MINUTE;
    await expect.poll(() => statusInDatabase(orderId), { timeout: 60_000 }).toBe("completed");
    // More passes, much later, change nothing.
    offsetMs = 40 * DAY;
    await s.app.jobs.runNow("escrow-release");

    // Sessions live by the same clock, so the parties look at the outcome back on today's date rather than signing
    // in again with messages signed today.
    offsetMs = 0;
    const seen = await buyer.client.order.byId.query({ id: orderId });
    expect(seen).toMatchObject({ status: "completed", carrier: "Knutsford Express", trackingNumber: "KE-77" });
    expect(await jmd(seller)).toBe(sellerBefore + PRICE);
    expect(await jmd(buyer)).toBe(10_000n - PRICE);
    const history = await seller.client.wallet.history.query({});
    expect(history.items.filter((t) => t.kind === "escrow_release" && t.orderId === orderId)).toHaveLength(1);
  });
});
