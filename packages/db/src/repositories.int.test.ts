import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { inReference, type Actor, type Currency } from "@caribex/domain";
import { createAuthStores } from "./repositories/auth";
import { seed, type SeedResult } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { createUnitOfWork } from "./uow";

describe("repositories", () => {
  let t: TestDatabase;
  let users: SeedResult["users"];
  const queries: string[] = [];
  const anonymous: Actor = { kind: "anonymous" };

  beforeAll(async () => {
    t = await createTestDatabase({ onQuery: (e) => queries.push(e.sql) });
    users = (await seed(t.database)).users;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("seeding again writes nothing", async () => {
    const again = await seed(t.database);
    expect(again.seeded).toBe(false);
    expect(again.users.map((u) => u.id)).toEqual(users.map((u) => u.id));
  });

  it("lists active products with filters, prefix search and every sort", async () => {
    const page = (q: Record<string, unknown>) =>
      t.uow.run(anonymous, (r) => r.products.list({ page: 1, pageSize: 100, sort: "newest", ...q }));

    const all = await page({});
    expect(all.total).toBe(24);

    const coffee = await page({ search: "cof" });
    expect(coffee.total).toBeGreaterThan(0);
    // A search matches the title, the description or the category's name (the espresso is listed under Coffee).
    const categoryName = new Map((await t.uow.run(anonymous, (r) => r.categories.list())).map((c) => [c.id, c.name]));
    expect(coffee.items.every((p) => /coffee/i.test(`${p.title} ${p.description} ${categoryName.get(p.categoryId ?? "") ?? ""}`))).toBe(true);
    expect((await page({ search: "  BLUE   mount " })).items.every((p) => /blue mountain/i.test(`${p.title} ${p.description}`))).toBe(true);
    expect((await page({ search: "zzzz" })).total).toBe(0);
    expect((await page({ search: "&|!:*()'" })).total).toBe(24);

    const categories = await t.uow.run(anonymous, (r) => r.categories.list());
    const music = categories.find((c) => c.slug === "music")!;
    const inMusic = await page({ categoryId: music.id });
    expect(inMusic.total).toBeGreaterThan(0);
    expect(inMusic.items.every((p) => p.categoryId === music.id)).toBe(true);
    const bySeller = await page({ sellerId: users[2]!.id });
    expect(bySeller.total).toBe(8);

    // Price sorts compare prices in JMD at the latest rates (the seed's), not raw minor units across currencies.
    const rates = await t.uow.run(anonymous, (r) => r.fx.latest());
    const inJmd = (p: { price: bigint; currency: Currency }) => inReference(p.price, p.currency, rates)!.amount;
    const asc = (await page({ sort: "price_asc" })).items.map(inJmd);
    expect([...asc].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(asc);
    const desc = (await page({ sort: "price_desc" })).items.map(inJmd);
    expect([...asc].reverse()).toEqual(desc);
    const titles = (await page({ sort: "title" })).items.map((p) => p.title.toLowerCase());
    expect([...titles].sort()).toEqual(titles);

    const paged = await t.uow.run(anonymous, (r) => r.products.list({ page: 2, pageSize: 5, sort: "newest" }));
    expect(paged).toMatchObject({ total: 24, page: 2, pageSize: 5 });
    expect(paged.items.map((p) => p.id)).toEqual(all.items.slice(5, 10).map((p) => p.id));

    // Archived products leave the public list but stay in the seller's own view.
    const seller = users[1]!;
    const target = (await page({ sellerId: seller.id })).items[0]!;
    const asSeller: Actor = { kind: "user", userId: seller.id, role: "seller" };
    await t.uow.run(asSeller, (r) => r.products.update(target.id, seller.id, { isActive: false }));
    expect((await page({})).total).toBe(23);
    const own = await t.uow.run(asSeller, (r) => r.products.list({ page: 1, pageSize: 100, sort: "newest", sellerId: seller.id, includeInactive: true }));
    expect(own.total).toBe(8);
  });

  it("decrements stock only while enough is left", async () => {
    const system: Actor = { kind: "system" };
    const [p] = (await t.uow.run(anonymous, (r) => r.products.list({ page: 1, pageSize: 1, sort: "title" }))).items;
    const product = p!;
    expect(await t.uow.run(system, (r) => r.products.decrementStock(product.id, product.quantity + 1))).toBe(false);
    expect(await t.uow.run(system, (r) => r.products.decrementStock(product.id, product.quantity))).toBe(true);
    expect(await t.uow.run(system, (r) => r.products.decrementStock(product.id, 1))).toBe(false);
    await t.uow.run(system, (r) => r.products.incrementStock(product.id, 2));
    const locked = await t.uow.run(system, (r) => r.products.lockForUpdate([product.id]));
    expect(locked[0]!.quantity).toBe(2);
  });

  it("gives exactly one of ten concurrent claims of a key the right to run", async () => {
    const user = users[4]!;
    const actor: Actor = { kind: "user", userId: user.id, role: "customer" };
    const observer = postgres(t.url, { max: 1, onnotice: () => {} });
    const blocked = async () =>
      (await observer<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)[0]!.n;
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.uow.run(actor, async (r) => {
          const claim = await r.idempotency.claim("wallet.send", user.id, "key-1", "hash-1");
          if (claim.state === "new") {
            // Keep the key claimed until another claimer is blocked on it, so the race really happens.
            await vi.waitUntil(async () => (await blocked()) > 0, { timeout: 30_000, interval: 10 });
            await r.idempotency.complete("wallet.send", user.id, "key-1", { amount: 5n, at: new Date(0), id: "tx" });
          }
          return claim;
        }),
      ),
    ).finally(() => observer.end());
    expect(outcomes.filter((o) => o.state === "new")).toHaveLength(1);
    for (const o of outcomes.filter((x) => x.state === "done")) {
      expect(o).toEqual({ state: "done", requestHash: "hash-1", result: { amount: 5n, at: new Date(0), id: "tx" } });
    }
  });

  it("lets a second claimer in when the first rolls back", async () => {
    const user = users[5]!;
    const actor: Actor = { kind: "user", userId: user.id, role: "customer" };
    await expect(
      t.uow.run(actor, async (r) => {
        await r.idempotency.claim("checkout", user.id, "k", "h");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const claim = await t.uow.run(actor, (r) => r.idempotency.claim("checkout", user.id, "k", "h"));
    expect(claim.state).toBe("new");
  });

  it("creates one open cart per user on demand and manages its lines", async () => {
    const user = users[6]!;
    const actor: Actor = { kind: "user", userId: user.id, role: "customer" };
    const carts = await Promise.all(Array.from({ length: 4 }, () => t.uow.run(actor, (r) => r.carts.getOpen(user.id))));
    expect(new Set(carts.map((c) => c.id)).size).toBe(1);
    const [p1, p2] = (await t.uow.run(anonymous, (r) => r.products.list({ page: 1, pageSize: 2, sort: "newest" }))).items;
    const cartId = carts[0]!.id;
    await t.uow.run(actor, async (r) => {
      await r.carts.setItem(cartId, p1!.id, 2);
      await r.carts.setItem(cartId, p2!.id, 1);
      await r.carts.setItem(cartId, p1!.id, 3);
    });
    expect((await t.uow.run(actor, (r) => r.carts.lockOpen(user.id))).items).toEqual([
      { productId: p1!.id, quantity: 3 },
      { productId: p2!.id, quantity: 1 },
    ]);
    await t.uow.run(actor, (r) => r.carts.removeItem(cartId, p2!.id));
    await t.uow.run(actor, (r) => r.carts.markCheckedOut(cartId));
    const fresh = await t.uow.run(actor, (r) => r.carts.getOpen(user.id));
    expect(fresh.id).not.toBe(cartId);
    expect(fresh.items).toEqual([]);
  });

  it("moves orders only along the transition asked for", async () => {
    const [buyer, seller] = [users[4]!, users[1]!];
    const [product] = (await t.uow.run(anonymous, (r) => r.products.list({ page: 1, pageSize: 1, sort: "newest", sellerId: seller.id }))).items;
    const order = await t.uow.run({ kind: "system" }, (r) =>
      r.orders.create({
        buyerId: buyer.id,
        sellerId: seller.id,
        currency: product!.currency,
        status: "paid",
        checkoutKey: "ck",
        items: [{ productId: product!.id, title: product!.title, unitPrice: product!.price, quantity: 2 }],
        total: product!.price * 2n,
      }),
    );
    expect(order.total).toBe(product!.price * 2n);
    const asSeller: Actor = { kind: "user", userId: seller.id, role: "seller" };
    expect(await t.uow.run(asSeller, (r) => r.orders.transition(order.id, "pending", "shipped"))).toBeNull();
    const shipped = await t.uow.run(asSeller, (r) => r.orders.transition(order.id, "paid", "shipped"));
    expect(shipped).toMatchObject({ status: "shipped", items: [{ quantity: 2 }] });
    const listed = await t.uow.run({ kind: "user", userId: buyer.id, role: "customer" }, (r) => r.orders.list({ page: 1, pageSize: 10, buyerId: buyer.id }));
    expect(listed.items.map((o) => o.id)).toContain(order.id);
    const stats = await t.uow.run({ kind: "user", userId: users[0]!.id, role: "admin" }, (r) => r.stats.daily(7));
    expect(stats.orders).toHaveLength(7);
    expect(stats.orders.at(-1)!.count).toBeGreaterThanOrEqual(1);
    expect(stats.signups.at(-1)!.count).toBe(7);
  });

  it("refuses to delete a category in use and reports a taken slug", async () => {
    const admin: Actor = { kind: "user", userId: users[0]!.id, role: "admin" };
    const coffee = (await t.uow.run(admin, (r) => r.categories.list())).find((c) => c.slug === "coffee")!;
    await expect(t.uow.run(admin, (r) => r.categories.delete(coffee.id))).rejects.toMatchObject({ code: "CATEGORY.IN_USE" });
    await expect(t.uow.run(admin, (r) => r.categories.create({ name: "Coffee 2", slug: "coffee" }))).rejects.toMatchObject({
      code: "CATEGORY.SLUG_TAKEN",
    });
    const spare = await t.uow.run(admin, (r) => r.categories.create({ name: "Spare", slug: "spare" }));
    expect(await t.uow.run(admin, (r) => r.categories.delete(spare.id))).toBe(true);
  });

  it("keeps identity records through the auth stores", async () => {
    const stores = createAuthStores(t.database);
    // The stores take the time as an argument: one fixed "now" keeps expiry independent of how long this takes.
    const now = new Date();
    const expires = new Date(now.getTime() + 60_000);
    await stores.nonces.put("n-1", expires);
    const wins = await Promise.all(Array.from({ length: 5 }, () => stores.nonces.consume("n-1", now)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await stores.nonces.put("n-old", new Date(now.getTime() - 1000));
    expect(await stores.nonces.consume("n-old", now)).toBe(false);

    const token = await stores.refreshTokens.insert({ userId: users[4]!.id, familyId: crypto.randomUUID(), tokenHash: "th", expiresAt: expires });
    expect(await stores.refreshTokens.findByHash("th")).toMatchObject({ id: token.id, rotatedAt: null });
    expect(await stores.refreshTokens.markRotated(token.id, new Date())).toBe(true);
    expect(await stores.refreshTokens.markRotated(token.id, new Date())).toBe(false);
    await stores.refreshTokens.revokeFamily(token.familyId, new Date());
    expect((await stores.refreshTokens.findByHash("th"))!.revokedAt).toBeInstanceOf(Date);

    const client = await stores.serviceClients.create({ clientId: "erp", secretHash: "sh", name: "ERP", scopes: ["catalog:read"], createdBy: users[0]!.id });
    expect(await stores.serviceClients.findByClientId("erp")).toEqual(client);
  });

  it("reports every statement to onQuery and retries nothing that is not a conflict", async () => {
    const before = queries.length;
    await t.uow.run(anonymous, (r) => r.categories.list());
    expect(queries.length - before).toBeGreaterThanOrEqual(2);
    let attempts = 0;
    const uow = createUnitOfWork(t.database);
    await expect(
      uow.run(anonymous, async () => {
        attempts++;
        throw new Error("plain failure");
      }),
    ).rejects.toThrow("plain failure");
    expect(attempts).toBe(1);
    expect(t.database.poolInUse()).toBe(0);
  });
});
