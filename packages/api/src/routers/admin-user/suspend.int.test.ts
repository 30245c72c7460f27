import type { ActorRole, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../../context";
import { createCaller } from "../../root";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
/** Users whose sessions the use cases asked to end, in order. */
const ended: string[] = [];

beforeAll(async () => {
  kit = await createCommerceKit({
    sessions: { endAllForUser: async (id) => void ended.push(id), userChanged: async () => {} },
  });
  seller = await kit.newUser("seller");
});
afterAll(() => kit?.close());

const as = (user: { id: string; role: ActorRole }) =>
  createCaller(createInnerContext({ services: kit.services }, { user: { id: user.id, role: user.role } }));

async function fundedBuyer(): Promise<User> {
  const buyer = await kit.newUser();
  await kit.fund(buyer.id, "JMD", 100_000n);
  await kit.fund(buyer.id, "USDC", 5_000_000n);
  return buyer;
}

/** Runs SQL as the given user under row-level security, the way every request's transaction does. */
async function asUserInDb<T extends Record<string, unknown>>(userId: string, role: ActorRole, text: string): Promise<T[]> {
  return kit.db.database.db.transaction(async (tx) => {
    await tx.execute(
      `select set_config('role', 'caribex_app', true), set_config('app.user_id', '${userId}', true), set_config('app.role', '${role}', true)`,
    );
    return [...((await tx.execute<T>(text)) as unknown as T[])];
  });
}

describe("admin.user.suspend / unsuspend", () => {
  it("a suspended user cannot sign in, check out, send or withdraw; their sessions end; unsuspending lets them back", async () => {
    const buyer = await fundedBuyer();
    const friend = await kit.newUser();
    const product = await kit.newProduct(seller, { price: 1_000n, quantity: 5 });
    await as(buyer).cart.setItem({ productId: product.id, quantity: 1 });

    const suspended = await as(kit.admin).admin.user.suspend({ userId: buyer.id, reason: "  Chargeback fraud under review " });
    expect(suspended).toMatchObject({ id: buyer.id, suspensionReason: "Chargeback fraud under review" });
    expect(suspended.suspendedAt).toBeInstanceOf(Date);
    expect(ended).toContain(buyer.id);
    const listed = await as(kit.admin).admin.user.list({ search: buyer.username });
    expect(listed.items.find((u) => u.id === buyer.id)?.suspensionReason).toBe("Chargeback fraud under review");

    // Sign-in is refused with its own code.
    await expect(kit.services.users.signIn(buyer.walletAddress)).rejects.toMatchObject({ code: "AUTH.SUSPENDED" });

    // A request already in flight with the old identity is refused by the database itself.
    const c = as(buyer);
    expect(await errorCode(c.checkout.place({ idempotencyKey: key() }))).toBe("AUTH.SUSPENDED");
    expect(await errorCode(c.wallet.send({ to: friend.walletAddress, currency: "JMD", amount: 100n, idempotencyKey: key() }))).toBe(
      "AUTH.SUSPENDED",
    );
    // A withdrawal request is the user's own USDC into pending_withdrawal, for a withdrawal of theirs: refused the
    // same way.
    const [requested] = await asUserInDb<{ id: string }>(
      buyer.id,
      "customer",
      `insert into chain_withdrawals (chain_id, user_id, amount, to_address, status) values (31337, '${buyer.id}', 1000, '${buyer.walletAddress}', 'requested') returning id`,
    );
    const withdrawal = asUserInDb(
      buyer.id,
      "customer",
      `select * from post_ledger('[{"kind":"transfer","currency":"USDC","amount":1000,"from_kind":"user","from_user":"${buyer.id}","to_kind":"pending_withdrawal","withdrawal_id":"${requested!.id}"}]'::jsonb)`,
    );
    await expect(withdrawal).rejects.toMatchObject({ cause: expect.objectContaining({ code: "CX003" }) });
    expect(await kit.balance(buyer.id, "JMD")).toBe(100_000n);
    expect(await kit.balance(buyer.id, "USDC")).toBe(5_000_000n);
    expect(await kit.balance(friend.id, "JMD")).toBe(0n);
    expect((await as(kit.admin).product.byId({ id: product.id })).quantity).toBe(5);

    // The user cannot lift their own suspension by writing their row.
    await asUserInDb(buyer.id, "customer", `update users set suspended_at = null, suspension_reason = null where id = '${buyer.id}'`).catch(() => {});
    const [row] = await kit.query<{ reason: string | null }>(`select suspension_reason as reason from users where id = '${buyer.id}'`);
    expect(row?.reason).toBe("Chargeback fraud under review");

    const lifted = await as(kit.admin).admin.user.unsuspend({ userId: buyer.id });
    expect(lifted).toMatchObject({ suspendedAt: null, suspensionReason: null });
    expect((await kit.services.users.signIn(buyer.walletAddress)).user.id).toBe(buyer.id);
    const { orders } = await c.checkout.place({ idempotencyKey: key() });
    expect(orders).toHaveLength(1);
    expect(await kit.balance(buyer.id, "JMD")).toBe(99_000n);
  });

  it("money still reaches a suspended buyer: their seller can cancel and refund a paid order", async () => {
    const buyer = await fundedBuyer();
    const product = await kit.newProduct(seller, { price: 2_500n, quantity: 3 });
    await as(buyer).cart.setItem({ productId: product.id, quantity: 2 });
    const [order] = (await as(buyer).checkout.place({ idempotencyKey: key() })).orders;
    await as(kit.admin).admin.user.suspend({ userId: buyer.id, reason: "Abusive messages" });

    // The buyer's own cancellation would move money as them: refused.
    expect(await errorCode(as(buyer).order.cancel({ id: order!.id }))).toBe("AUTH.SUSPENDED");
    expect(await kit.balance(buyer.id, "JMD")).toBe(95_000n);
    const cancelled = await as(seller).order.cancel({ id: order!.id });
    expect(cancelled.status).toBe("cancelled");
    expect(await kit.balance(buyer.id, "JMD")).toBe(100_000n);
  });

  it("a suspended seller's listings leave the catalogue and cannot be bought; lifting the suspension brings them back", async () => {
    const shop = await kit.newUser("seller");
    const product = await kit.newProduct(shop, { title: `Suspended shop ${key()}`, price: 1_200n, quantity: 4 });
    const buyer = await fundedBuyer();
    const anyone = createCaller(createInnerContext({ services: kit.services }, { user: null }));
    const listedIds = async () => (await anyone.product.list({ pageSize: 100, sellerId: shop.id })).items.map((p) => p.id);
    // Read (and cached) before the suspension.
    expect(await listedIds()).toEqual([product.id]);
    expect((await anyone.product.byId({ id: product.id })).id).toBe(product.id);
    await as(buyer).cart.setItem({ productId: product.id, quantity: 1 });

    await as(kit.admin).admin.user.suspend({ userId: shop.id, reason: "Counterfeit goods" });
    expect(await listedIds()).toEqual([]);
    expect(await errorCode(anyone.product.byId({ id: product.id }))).toBe("PRODUCT.NOT_FOUND");
    const other = await fundedBuyer();
    expect(await errorCode(as(other).cart.setItem({ productId: product.id, quantity: 1 }))).toBe("PRODUCT.NOT_FOUND");
    const cart = await as(buyer).cart.get();
    expect(cart.items.find((i) => i.productId === product.id)?.reason).toBe("archived");
    expect(await errorCode(as(buyer).checkout.place({ idempotencyKey: key() }))).toBe("PRODUCT.INACTIVE");
    expect(await kit.balance(buyer.id, "JMD")).toBe(100_000n);
    // An admin still sees the product, marked as not for sale.
    expect((await as(kit.admin).product.byId({ id: product.id })).isActive).toBe(false);

    await as(kit.admin).admin.user.unsuspend({ userId: shop.id });
    expect(await listedIds()).toEqual([product.id]);
    expect((await anyone.product.byId({ id: product.id })).isActive).toBe(true);
    const [order] = (await as(buyer).checkout.place({ idempotencyKey: key() })).orders;
    expect(order?.sellerId).toBe(shop.id);
  });

  it("a suspended seller's buyers see it on their paid orders and may cancel them for a full refund at once", async () => {
    const shop = await kit.newUser("seller");
    const product = await kit.newProduct(shop, { price: 2_500n, quantity: 4 });
    const buyer = await fundedBuyer();
    await as(buyer).cart.setItem({ productId: product.id, quantity: 2 });
    const [order] = (await as(buyer).checkout.place({ idempotencyKey: key() })).orders;
    expect((await as(buyer).order.byId({ id: order!.id })).sellerSuspended).toBe(false);

    await as(kit.admin).admin.user.suspend({ userId: shop.id, reason: "Counterfeit goods." });
    const seen = await as(buyer).order.byId({ id: order!.id });
    expect(seen).toMatchObject({ status: "paid", sellerSuspended: true });
    expect(seen.actions).toContain("cancel");
    expect((await as(buyer).order.list()).items.find((o) => o.id === order!.id)?.sellerSuspended).toBe(true);
    const before = await kit.balance(buyer.id, "JMD");
    expect((await as(buyer).order.cancel({ id: order!.id })).status).toBe("cancelled");
    expect(await kit.balance(buyer.id, "JMD")).toBe(before + 5_000n);

    // The seller is told once, with the reason and whom to write to.
    const refused = await kit.services.users.signIn(shop.walletAddress).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "AUTH.SUSPENDED" });
    expect((refused as Error).message).toBe("This account is suspended (reason: Counterfeit goods). If you think this is a mistake, write to support@caribex.example.");
    await as(kit.admin).admin.user.unsuspend({ userId: shop.id });
    expect((await as(buyer).order.byId({ id: order!.id })).sellerSuspended).toBe(false);
  });

  it("an admin cannot suspend themselves or another admin; only admins may suspend; unknown users are NOT_FOUND", async () => {
    const otherAdmin = await kit.newUser("admin");
    const target = await kit.newUser();
    expect(await errorCode(as(kit.admin).admin.user.suspend({ userId: kit.admin.id, reason: "test" }))).toBe("USER.NOT_SUSPENDABLE");
    expect(await errorCode(as(kit.admin).admin.user.suspend({ userId: otherAdmin.id, reason: "test" }))).toBe("USER.NOT_SUSPENDABLE");
    expect(await errorCode(as(otherAdmin).admin.user.suspend({ userId: kit.admin.id, reason: "test" }))).toBe("USER.NOT_SUSPENDABLE");
    expect(await errorCode(as(seller).admin.user.suspend({ userId: target.id, reason: "test" }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(as(target).admin.user.unsuspend({ userId: target.id }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(as(kit.admin).admin.user.suspend({ userId: target.id, reason: "   " }))).toBe("BAD_REQUEST");
    expect(await errorCode(as(kit.admin).admin.user.suspend({ userId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", reason: "x" }))).toBe(
      "USER.NOT_FOUND",
    );
    const [me] = await kit.query<{ s: string | null }>(`select suspended_at::text as s from users where id = '${kit.admin.id}'`);
    expect(me?.s).toBeNull();

    // Nor does a suspended user become an admin (an admin is never suspended).
    await as(kit.admin).admin.user.suspend({ userId: target.id, reason: "Spam listings" });
    expect(await errorCode(as(kit.admin).admin.user.setRole({ userId: target.id, role: "admin" }))).toBe("AUTH.SUSPENDED");
    expect((await as(kit.admin).admin.user.setRole({ userId: target.id, role: "seller" })).role).toBe("seller");
  });
});
