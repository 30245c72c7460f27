import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices, type Caller } from "@caribex/application";
import { createDatabase, createUnitOfWork, seed, type Database } from "@caribex/db";
import { getAddress } from "viem";

// The embedded default (PGlite, no services at all) runs the same checkout: set-based stock, orders inserted
// with their lines in one statement, and escrow per order.
describe("checkout on the embedded database", () => {
  let database: Database;
  let services: ReturnType<typeof createServices>;
  let admin: Caller;

  beforeAll(async () => {
    database = await createDatabase({});
    const seeded = await seed(database);
    const events = { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} };
    services = createServices({ uow: createUnitOfWork(database), events, clock: { now: () => new Date() } });
    const row = seeded.users.find((u) => u.role === "admin")!;
    admin = { id: row.id, role: "admin" };
  });
  afterAll(() => database?.close());

  it("pays a two-seller cart, one order and one escrow account per seller", async () => {
    const newUser = async (role: "customer" | "seller") => {
      const { user } = await services.users.signIn(getAddress(`0x${randomBytes(20).toString("hex")}`));
      return role === "customer" ? user : services.users.setRole(admin, user.id, role);
    };
    const [buyer, s1, s2] = [await newUser("customer"), await newUser("seller"), await newUser("seller")];
    await services.wallet.credit(admin, { userId: buyer.id, currency: "JMD", amount: 100_000n, idempotencyKey: randomUUID() });
    const product = (seller: Caller, price: bigint) =>
      services.sellerProducts.create(seller, { title: `Item ${randomBytes(3).toString("hex")}`, price, currency: "JMD", quantity: 5 });
    const [a, b] = [await product(s1, 1200n), await product(s2, 800n)];
    const caller: Caller = { id: buyer.id, role: "customer" };
    await services.cart.setItem(caller, { productId: a.id, quantity: 2 });
    await services.cart.setItem(caller, { productId: b.id, quantity: 1 });

    const { orders } = await services.checkout.place(caller, { idempotencyKey: randomUUID() });

    expect(orders.map((o) => [o.status, o.total])).toEqual(
      [s1.id, s2.id]
        .sort()
        .map((id) => ["paid", id === s1.id ? 2400n : 800n]),
    );
    const rows = (await database.db.execute(`
      select o.id, w.balance::text as held, (select quantity from products where id = '${a.id}') as a_left
        from orders o join wallets w on w.order_id = o.id and w.kind = 'escrow'
       where o.buyer_id = '${buyer.id}'`)) as unknown as { rows?: { id: string; held: string; a_left: number }[] };
    const held = rows.rows ?? (rows as unknown as { id: string; held: string; a_left: number }[]);
    expect(held.map((r) => r.held).sort()).toEqual(["2400", "800"]);
    expect(Number(held[0]!.a_left)).toBe(3);
  });
});
