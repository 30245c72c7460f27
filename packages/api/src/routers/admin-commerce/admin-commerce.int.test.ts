import { isDomainError, type User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let customer: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, customer] = await Promise.all([kit.newUser("seller"), kit.newUser()]);
});
afterAll(() => kit?.close());

describe("admin.category", () => {
  it("creates (slug derived from the name), updates and deletes", async () => {
    const a = kit.as(kit.admin);
    const created = await a.admin.category.create({ name: "Jerk Sauces & Rubs" });
    expect(created).toMatchObject({ name: "Jerk Sauces & Rubs", slug: "jerk-sauces-rubs" });
    expect((await kit.as(null).category.list()).some((c) => c.id === created.id)).toBe(true);

    const renamed = await a.admin.category.update({ id: created.id, name: "Jerk", slug: "jerk" });
    expect(renamed).toEqual({ id: created.id, name: "Jerk", slug: "jerk" });
    expect(await a.admin.category.delete({ id: created.id })).toEqual(renamed);
    expect((await kit.as(null).category.list()).some((c) => c.id === created.id)).toBe(false);
  });

  it("refuses slug conflicts, unknown ids and deleting a category that has products", async () => {
    const a = kit.as(kit.admin);
    const one = await a.admin.category.create({ name: "Spices", slug: "spices-x" });
    const two = await a.admin.category.create({ name: "Teas" });
    expect(await errorCode(a.admin.category.create({ name: "Other", slug: "spices-x" }))).toBe("CATEGORY.SLUG_TAKEN");
    expect(await errorCode(a.admin.category.update({ id: two.id, slug: "spices-x" }))).toBe("CATEGORY.SLUG_TAKEN");
    expect(await errorCode(a.admin.category.update({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", name: "x" }))).toBe("CATEGORY.NOT_FOUND");
    expect(await errorCode(a.admin.category.delete({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe("CATEGORY.NOT_FOUND");

    const p = await kit.as(seller).seller.product.create({ title: "Pimento", price: 100n, currency: "JMD", quantity: 1, categoryId: one.id });
    await kit.as(seller).seller.product.archive({ id: p.id });
    try {
      await a.admin.category.delete({ id: one.id });
      expect.unreachable();
    } catch (e) {
      const cause = (e as { cause?: { code?: string; details?: unknown } }).cause;
      expect(cause?.code).toBe("CATEGORY.IN_USE");
      expect(cause?.details).toEqual({ productCount: 1 });
    }
    expect(await errorCode(a.admin.category.create({ name: "Bad", slug: "Not A Slug" }))).toBe("BAD_REQUEST");
    expect(await errorCode(a.admin.category.create({ name: "!!!" }))).toBe("VALIDATION.INVALID_INPUT");
  });

  it("is for admins only", async () => {
    expect(await errorCode(kit.as(seller).admin.category.create({ name: "Nope" }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(customer).admin.category.delete({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(kit.as(null).admin.category.update({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe("AUTH.UNAUTHENTICATED");
  });
});

describe("admin.stats", () => {
  it("reports sales, orders and sign-ups per day", async () => {
    const buyer = await kit.newUser();
    await kit.fund(buyer.id, "JMD", 10_000n);
    const p = await kit.newProduct(seller, { price: 800n });
    await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 2 });
    await kit.as(buyer).checkout.place({ idempotencyKey: key() });

    const stats = await kit.as(kit.admin).admin.stats({ days: 7 });
    expect(stats.days).toBe(7);
    expect(stats.orders.reduce((n, d) => n + d.count, 0)).toBeGreaterThanOrEqual(1);
    expect(stats.signups.reduce((n, d) => n + d.count, 0)).toBeGreaterThanOrEqual(3);
    expect(stats.sales.filter((s) => s.currency === "JMD").reduce((n, s) => n + s.amount, 0n)).toBeGreaterThanOrEqual(1600n);
    expect((await kit.as(kit.admin).admin.stats()).days).toBe(30);
    expect(await errorCode(kit.as(kit.admin).admin.stats({ days: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCode(kit.as(seller).admin.stats())).toBe("AUTH.FORBIDDEN");
  });
});

describe("users.setRole (the use case behind admin.user.setRole)", () => {
  it("never demotes the last admin, even when two admins demote each other at once", async () => {
    const users = kit.services.users;
    const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (isDomainError(e) ? e.code : String(e)));
    expect(await codeOf(users.setRole(kit.admin, kit.admin.id, "customer"))).toBe("USER.LAST_ADMIN");
    expect(await codeOf(users.setRole(kit.admin, "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "seller"))).toBe("USER.NOT_FOUND");
    expect(await codeOf(users.setRole({ id: customer.id, role: "customer" }, customer.id, "admin"))).toBe("AUTH.FORBIDDEN");

    const second = await users.setRole(kit.admin, customer.id, "admin");
    const results = await Promise.all([
      codeOf(users.setRole(kit.admin, second.id, "customer")),
      codeOf(users.setRole({ id: second.id, role: "admin" }, kit.admin.id, "customer")),
    ]);
    expect(results.sort()).toEqual(["USER.LAST_ADMIN", "ok"]);
    const admins = await users.list({ id: "reader", role: "admin" }, { role: "admin" });
    expect(admins.total).toBe(1);
  });
});
