import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let shopper: User;
let other: User;
let seller: User;

const home = { name: "Ana Brown", line1: "12 Hope Road", city: "Kingston", region: "St. Andrew", postalCode: "JMAAW10", country: "JM", phone: "+1 876 555 0100" };

beforeAll(async () => {
  kit = await createCommerceKit();
  [shopper, other, seller] = await Promise.all([kit.newUser(), kit.newUser(), kit.newUser("seller")]);
  await kit.fund(shopper.id, "JMD", 1_000_000n);
});
afterAll(() => kit?.close());

describe("address book", () => {
  it("creates, lists newest first, updates and deletes the caller's addresses", async () => {
    const me = kit.as(shopper);
    const first = await me.address.create(home);
    expect(first).toMatchObject({ ...home, line2: null });
    const second = await me.address.create({ name: "Ana at work", line1: "1 King St", line2: "Floor 3", city: "Montego Bay", country: "jm" });
    expect(second).toMatchObject({ country: "JM", region: null, postalCode: null, phone: null, line2: "Floor 3" });
    expect((await me.address.list()).map((a) => a.id)).toEqual([second.id, first.id]);

    const updated = await me.address.update({ id: first.id, ...home, line2: "Apt 4" });
    expect(updated.line2).toBe("Apt 4");
    // An edit makes it the latest, the default at checkout.
    expect((await me.address.list())[0]!.id).toBe(first.id);

    expect(await me.address.delete({ id: second.id })).toEqual({ ok: true });
    expect((await me.address.list()).map((a) => a.id)).toEqual([first.id]);
  });

  it("validates every field with a message that names it", async () => {
    const me = kit.as(shopper);
    const message = async (input: Record<string, unknown>) => {
      try {
        await me.address.create(input as typeof home);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("expected a validation error");
    };
    expect(await message({ ...home, country: "Jamaica" })).toMatch(/two-letter ISO code/);
    expect(await message({ ...home, country: "XX" })).toMatch(/two-letter ISO code/);
    expect(await message({ ...home, city: "  " })).toMatch(/The city or town is required/);
    expect(await message({ ...home, name: "x".repeat(101) })).toMatch(/at most 100 characters/);
    expect(await message({ ...home, phone: "call me" })).toMatch(/phone number/);
    expect(await errorCode(kit.as(null).address.list())).toBe("AUTH.UNAUTHENTICATED");
  });

  it("never shows, changes, deletes or ships to another user's address", async () => {
    const mine = await kit.as(shopper).address.create(home);
    const theirs = kit.as(other);
    expect(await theirs.address.list()).toEqual([]);
    expect(await errorCode(theirs.address.update({ id: mine.id, ...home, name: "Mallory" }))).toBe("ADDRESS.NOT_FOUND");
    expect(await errorCode(theirs.address.delete({ id: mine.id }))).toBe("ADDRESS.NOT_FOUND");
    expect((await kit.as(shopper).address.list()).find((a) => a.id === mine.id)?.name).toBe(home.name);

    // Checking out to someone else's address is refused and charges nothing.
    await kit.fund(other.id, "JMD", 100_000n);
    const p = await kit.newProduct(seller, { price: 500n });
    await theirs.cart.setItem({ productId: p.id, quantity: 1 });
    const before = await kit.balance(other.id, "JMD");
    expect(await errorCode(theirs.checkout.place({ idempotencyKey: key(), shippingAddressId: mine.id }))).toBe("ADDRESS.NOT_FOUND");
    expect(await kit.balance(other.id, "JMD")).toBe(before);
    expect((await theirs.cart.get()).items).toHaveLength(1);
  });
});

describe("checkout with an address", () => {
  it("keeps a snapshot of the chosen address that later edits do not change", async () => {
    const me = kit.as(shopper);
    const chosen = await me.address.create({ ...home, name: "Chosen" });
    await me.address.create({ ...home, name: "Latest" });
    const p = await kit.newProduct(seller, { price: 700n });
    await me.cart.setItem({ productId: p.id, quantity: 1 });
    const { orders } = await me.checkout.place({ idempotencyKey: key(), shippingAddressId: chosen.id });
    expect(orders[0]!.shippingAddress).toMatchObject({ name: "Chosen", line1: home.line1, country: "JM" });

    await me.address.update({ id: chosen.id, ...home, name: "Renamed", line1: "99 Other Road" });
    await me.address.delete({ id: chosen.id });
    const seen = await kit.as(seller).order.byId({ id: orders[0]!.id });
    expect(seen.shippingAddress).toMatchObject({ name: "Chosen", line1: home.line1 });
    expect(seen.buyerName).toBe(shopper.username);
  });

  it("uses the latest address without a choice, and none when the book is empty", async () => {
    const me = kit.as(shopper);
    const latest = await me.address.create({ ...home, name: "Newest" });
    const p = await kit.newProduct(seller, { price: 300n });
    await me.cart.setItem({ productId: p.id, quantity: 1 });
    const { orders } = await me.checkout.place({ idempotencyKey: key() });
    expect(orders[0]!.shippingAddress?.name).toBe(latest.name);

    const fresh = await kit.newUser();
    await kit.fund(fresh.id, "JMD", 10_000n);
    await kit.as(fresh).cart.setItem({ productId: p.id, quantity: 1 });
    const { orders: plain } = await kit.as(fresh).checkout.place({ idempotencyKey: key() });
    expect(plain[0]!.shippingAddress).toBeNull();
  });
});
