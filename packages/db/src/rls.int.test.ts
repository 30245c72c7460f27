import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@caribex/domain";
import { seed, type SeedResult } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { asActor, expectRefused } from "./testing/rls";

// Raw SQL with no owner condition at all: whatever comes back is what row-level security lets through.
describe("row-level security", () => {
  let t: TestDatabase;
  let users: SeedResult["users"];
  let a: Actor, sellerOne: Actor, sellerTwo: Actor;
  let aId: string, bId: string;
  let inactiveOfSellerTwo: string;
  let productOfSellerTwo: string;

  const denied = expectRefused;
  const { as, rows: select } = asActor(() => t);

  beforeAll(async () => {
    t = await createTestDatabase();
    users = (await seed(t.database)).users;
    aId = users[4]!.id;
    bId = users[5]!.id;
    a = { kind: "user", userId: aId, role: "customer" };
    sellerOne = { kind: "user", userId: users[1]!.id, role: "seller" };
    sellerTwo = { kind: "user", userId: users[2]!.id, role: "seller" };
    await t.uow.run({ kind: "system" }, async (repos) => {
      const mine = await repos.products.list({ page: 1, pageSize: 10, sort: "newest", sellerId: users[2]!.id });
      productOfSellerTwo = mine.items[0]!.id;
      inactiveOfSellerTwo = mine.items[1]!.id;
      await repos.products.update(inactiveOfSellerTwo, users[2]!.id, { isActive: false });
      for (const buyer of [aId, bId]) {
        const cart = await repos.carts.getOpen(buyer);
        await repos.carts.setItem(cart.id, productOfSellerTwo, 1);
        await repos.orders.create({
          buyerId: buyer,
          sellerId: users[2]!.id,
          currency: "JMD",
          status: "paid",
          checkoutKey: null,
          items: [{ productId: productOfSellerTwo, title: "Thing", unitPrice: 100n, quantity: 2 }],
          total: 200n,
        });
      }
    });
  });

  afterAll(async () => {
    await t?.drop();
  });

  it("shows a user only their own wallets", async () => {
    const rows = await select<{ user_id: string }>(a, sql`select * from wallets`);
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.user_id === aId)).toBe(true);
  });

  it("does not let a user change another user's wallet, not even their own balance", async () => {
    const changed = await select(a, sql`update wallets set balance = balance + 1 returning id`);
    expect(changed).toEqual([]);
    await denied(as(a, (db) => db.execute(sql`insert into wallets (kind, user_id, currency, balance) values ('user', ${bId}, 'JMD', 0)`)), /row-level security/);
  });

  it("shows a user only transactions they are a side of", async () => {
    const all = await select({ kind: "system" }, sql`select id from transactions`);
    const mine = await select<{ id: string; from_wallet_id: string; to_wallet_id: string }>(a, sql`select * from transactions`);
    expect(all.length).toBe(9);
    expect(mine.length).toBe(3);
    const own = (await select<{ id: string }>(a, sql`select id from wallets`)).map((w) => w.id);
    expect(mine.every((r) => own.includes(r.to_wallet_id) || own.includes(r.from_wallet_id))).toBe(true);
  });

  it("keeps the ledger append-only for the application role", async () => {
    await denied(as({ kind: "system" }, (db) => db.execute(sql`update transactions set memo = 'x'`)), /permission denied/);
    await denied(as({ kind: "system" }, (db) => db.execute(sql`delete from transactions`)), /permission denied/);
  });

  it("shows a user only their own cart and cart items, and blocks writing into another's", async () => {
    const carts = await select<{ user_id: string }>(a, sql`select * from carts`);
    expect(carts.map((c) => c.user_id)).toEqual([aId]);
    const items = await select<{ cart_id: string }>(a, sql`select * from cart_items`);
    expect(items.length).toBe(1);
    const [bCart] = await select<{ id: string }>({ kind: "system" }, sql`select id from carts where user_id = ${bId}`);
    expect(await select(a, sql`update cart_items set quantity = 99 where cart_id = ${bCart!.id} returning id`)).toEqual([]);
    expect(await select(a, sql`delete from cart_items where cart_id = ${bCart!.id} returning id`)).toEqual([]);
    await denied(as(a, (db) => db.execute(sql`insert into cart_items (cart_id, product_id, quantity) values (${bCart!.id}, ${productOfSellerTwo}, 1)`)), /row-level security/);
  });

  it("shows a buyer only their orders and their items, and the seller the orders they sell", async () => {
    const aOrders = await select<{ buyer_id: string }>(a, sql`select * from orders`);
    expect(aOrders.map((o) => o.buyer_id)).toEqual([aId]);
    expect((await select(a, sql`select * from order_items`)).length).toBe(1);
    expect(await select(a, sql`update orders set status = 'cancelled' where buyer_id = ${bId} returning id`)).toEqual([]);
    expect((await select(sellerTwo, sql`select * from orders`)).length).toBe(2);
    expect((await select(sellerTwo, sql`select * from order_items`)).length).toBe(2);
    expect(await select(sellerOne, sql`select * from orders`)).toEqual([]);
  });

  it("does not let a seller update another seller's product", async () => {
    const changed = await select(sellerOne, sql`update products set price = 1 where id = ${productOfSellerTwo} returning id`);
    expect(changed).toEqual([]);
    const own = await select(sellerTwo, sql`update products set quantity = quantity where id = ${productOfSellerTwo} returning id`);
    expect(own.length).toBe(1);
  });

  it("hides another seller's inactive product from customers and other sellers, not from its seller", async () => {
    expect(await select(a, sql`select id from products where id = ${inactiveOfSellerTwo}`)).toEqual([]);
    expect(await select(sellerOne, sql`select id from products where id = ${inactiveOfSellerTwo}`)).toEqual([]);
    expect((await select(sellerTwo, sql`select id from products where id = ${inactiveOfSellerTwo}`)).length).toBe(1);
    const all = await select<{ is_active: boolean }>(a, sql`select is_active from products`);
    expect(all.length).toBe(23);
    expect(all.every((p) => p.is_active)).toBe(true);
  });

  it("lets anonymous visitors see active products and categories only", async () => {
    const anonymous: Actor = { kind: "anonymous" };
    const products = await select<{ is_active: boolean }>(anonymous, sql`select is_active from products`);
    expect(products.length).toBe(23);
    expect(products.every((p) => p.is_active)).toBe(true);
    expect((await select(anonymous, sql`select * from categories`)).length).toBe(6);
    for (const table of ["wallets", "transactions", "carts", "cart_items", "orders", "order_items", "idempotency_keys", "refresh_tokens", "auth_nonces", "service_clients"]) {
      expect(await select(anonymous, sql.raw(`select * from ${table}`)), table).toEqual([]);
    }
    await denied(as(anonymous, (db) => db.execute(sql`insert into categories (name, slug) values ('X', 'x')`)), /row-level security/);
  });

  it("lets admins see everything", async () => {
    const admin: Actor = { kind: "user", userId: users[0]!.id, role: "admin" };
    expect((await select(admin, sql`select * from orders`)).length).toBe(2);
    expect((await select(admin, sql`select * from products`)).length).toBe(24);
    expect((await select(admin, sql`select * from wallets`)).length).toBeGreaterThanOrEqual(21);
  });

  it("does not let a customer promote themselves", async () => {
    await denied(as(a, (db) => db.execute(sql`update users set role = 'admin' where id = ${aId}`)), /row-level security/);
    expect(await select(a, sql`update users set username = 'Keisha B' where id = ${aId} returning id`)).toHaveLength(1);
    expect(await select(a, sql`update users set username = 'taken over' where id = ${bId} returning id`)).toEqual([]);
  });

  it("does not let a user credit themselves from the chain or suspense accounts with raw SQL", async () => {
    const post = (actor: Actor, legs: Record<string, unknown>[]) =>
      as(actor, (db) => db.execute(sql`select id from post_ledger(${JSON.stringify(legs)}::jsonb)`));
    const usdc = async () =>
      (await select<{ b: string }>({ kind: "system" }, sql`select balance::text as b from wallets where kind = 'user' and user_id = ${aId} and currency = 'USDC'`))[0]?.b ?? "0";
    // An unassigned deposit waits in suspense, as the scanner leaves it.
    await post({ kind: "system" }, [{ kind: "credit", currency: "USDC", amount: "5000000", from_kind: "chain", to_kind: "suspense" }]);
    const before = await usdc();
    // Movements out of pending_withdrawal name their withdrawal (any id will do: authority is checked first).
    const withdrawal = { withdrawal_id: "00000000-0000-4000-8000-000000000001" };
    for (const kind of ["credit", "transfer", "refund"]) {
      for (const from_kind of ["chain", "suspense", "pending_withdrawal"]) {
        await denied(
          post(a, [{ kind, currency: "USDC", amount: "1000000", from_kind, to_kind: "user", to_user: aId, ...(from_kind === "pending_withdrawal" ? withdrawal : {}) }]),
          // A refund out of pending_withdrawal is looked up first (only a held withdrawal's owner may have one).
          /may not make this movement|no such withdrawal/,
        );
      }
    }
    // Nor through a withdrawal request turned around, or one paid from somebody else's wallet.
    await denied(post(a, [{ kind: "transfer", currency: "USDC", amount: "1", from_kind: "pending_withdrawal", to_kind: "chain", ...withdrawal }]), /may not make this movement/);
    await denied(post(a, [{ kind: "transfer", currency: "USDC", amount: "1", from_kind: "user", from_user: bId, to_kind: "pending_withdrawal" }]), /names its withdrawal/);
    await denied(post(a, [{ kind: "transfer", currency: "USDC", amount: "1", from_kind: "user", from_user: bId, to_kind: "pending_withdrawal", ...withdrawal }]), /no such withdrawal|does not match its withdrawal/);
    expect(await usdc()).toBe(before);
  });
});
