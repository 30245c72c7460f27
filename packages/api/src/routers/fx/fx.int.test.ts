import type { Caller } from "@caribex/application";
import type { FxFeedPort, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../../context";
import { createCaller } from "../../root";
import { createCommerceKit, errorCode, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let shopper: User;

const as = (user: Caller | null) => createCaller(createInnerContext({ services: kit.services }, { user }));

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, shopper] = await Promise.all([kit.newUser("seller"), kit.newUser()]);
});
afterAll(() => kit?.close());

const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id);

describe("price sort across currencies", () => {
  it("compares prices converted to JMD at the latest rates, and follows a new rate at once", async () => {
    const s = as(seller);
    // Seeded demo rates: USD 157.25 and USDC 157.1 JMD.
    const jmd950 = await s.seller.product.create({ title: "Jerk rub", price: 95_000n, currency: "JMD", quantity: 5 });
    const usd89 = await s.seller.product.create({ title: "Mahogany bowl", price: 8_900n, currency: "USD", quantity: 5 }); // JMD 13,995.25
    const usdc5 = await s.seller.product.create({ title: "Coaster", price: 5_000_000n, currency: "USDC", quantity: 5 }); // JMD 785.50
    const jmd20k = await s.seller.product.create({ title: "Drum", price: 2_000_000n, currency: "JMD", quantity: 5 });

    const low = await as(null).product.list({ sellerId: seller.id, sort: "price_asc" });
    expect(ids(low)).toEqual([usdc5.id, jmd950.id, usd89.id, jmd20k.id]);
    const high = await as(null).product.list({ sellerId: seller.id, sort: "price_desc" });
    expect(ids(high)).toEqual([jmd20k.id, usd89.id, jmd950.id, usdc5.id]);

    // A far lower USD rate (USD 89.00 = JMD 445.00) moves the bowl to the front; the cached page is dropped.
    await as(kit.admin).admin.fx.set({ base: "USD", quote: "JMD", rate: "5", force: true, note: "sort test" });
    const after = await as(null).product.list({ sellerId: seller.id, sort: "price_asc" });
    expect(ids(after)).toEqual([usd89.id, usdc5.id, jmd950.id, jmd20k.id]);

    // The reverse pair, set later, wins: 1 / 0.0001 = 10,000 JMD per USD puts the bowl last.
    await as(kit.admin).admin.fx.set({ base: "JMD", quote: "USD", rate: "0.0001", force: true, note: "sort test" });
    const reversed = await as(null).product.list({ sellerId: seller.id, sort: "price_asc" });
    expect(ids(reversed)).toEqual([usdc5.id, jmd950.id, jmd20k.id, usd89.id]);
    await as(kit.admin).admin.fx.set({ base: "USD", quote: "JMD", rate: "157.25", force: true, note: "back to the seeded rate" });
  });
});

describe("fx.latest and admin.fx", () => {
  it("shows anyone the latest rate of each pair, without who set it", async () => {
    const latest = await as(null).fx.latest();
    expect(latest.reference).toBe("JMD");
    const usdc = latest.rates.find((r) => r.base === "USDC" && r.quote === "JMD");
    expect(usdc).toMatchObject({ rate: "157.1", source: "seed" });
    expect(usdc!.asOf).toBeInstanceOf(Date);
    expect(Object.keys(usdc!).sort()).toEqual(["asOf", "base", "id", "quote", "rate", "source"]);
  });

  it("lets only admins set and list rates", async () => {
    expect(await errorCode(as(null).admin.fx.set({ base: "USD", quote: "JMD", rate: "150" }))).toBe("AUTH.UNAUTHENTICATED");
    expect(await errorCode(as(shopper).admin.fx.set({ base: "USD", quote: "JMD", rate: "150" }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(as(seller).admin.fx.set({ base: "USD", quote: "JMD", rate: "150" }))).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(as(null).admin.fx.list())).toBe("AUTH.UNAUTHENTICATED");
    expect(await errorCode(as(shopper).admin.fx.list())).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(as(seller).admin.fx.list())).toBe("AUTH.FORBIDDEN");
    // Nothing was stored by the refused calls.
    const history = await as(kit.admin).admin.fx.list();
    expect(history.some((r) => r.rate === "150")).toBe(false);
  });

  it("stores an admin's rate exactly, as of now, naming the admin; the public rates follow", async () => {
    const set = await as(kit.admin).admin.fx.set({ base: "USDC", quote: "JMD", rate: "158.123456789012" });
    expect(set).toMatchObject({ base: "USDC", quote: "JMD", rate: "158.123456789012", source: "admin", setBy: kit.admin.id });
    const [newest] = await as(kit.admin).admin.fx.list({ limit: 1 });
    expect(newest).toMatchObject({ id: set.id, setBy: kit.admin.id });
    const latest = await as(null).fx.latest();
    expect(latest.rates.find((r) => r.base === "USDC" && r.quote === "JMD")!.rate).toBe("158.123456789012");
  });

  it("refuses rates that are not positive exact decimals, and a currency converted into itself", async () => {
    for (const rate of ["0", "-1", "1e3", "1,5", "abc", "0.0000000000001", "1234567890123"]) {
      expect(await errorCode(as(kit.admin).admin.fx.set({ base: "USD", quote: "JMD", rate })), rate).toBe("BAD_REQUEST");
    }
    expect(await errorCode(as(kit.admin).admin.fx.set({ base: "USD", quote: "USD", rate: "1" }))).toBe("BAD_REQUEST");
  });

  it("asks to confirm a rate 10 % or more away from the current one, and refuses over 50 % unless forced with a note", async () => {
    const admin = as(kit.admin);
    const usdJmd = async () => (await as(null).fx.latest()).rates.find((r) => r.base === "USD" && r.quote === "JMD")!.rate;
    const before = await usdJmd();
    expect(before).toBe("157.25");

    // The 10x typo: refused whatever is confirmed, and nothing stored.
    const typo = await admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "1582.5", confirmChange: true }).catch((e: unknown) => e);
    expect(typo).toMatchObject({ cause: { code: "FX.RATE_CHANGE_REFUSED", details: { current: "157.25", changePercent: "906.36" } } });
    expect(await errorCode(admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "1582.5", force: true }))).toBe("BAD_REQUEST");
    expect(await usdJmd()).toBe("157.25");

    // 12 % up: confirm first.
    const unconfirmed = await admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "176.12" }).catch((e: unknown) => e);
    expect(unconfirmed).toMatchObject({ cause: { code: "FX.RATE_CHANGE_UNCONFIRMED", details: { current: "157.25", changePercent: "12.00" } } });
    expect(await usdJmd()).toBe("157.25");
    const confirmed = await admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "176.12", confirmChange: true });
    expect(confirmed).toMatchObject({ rate: "176.12", changeBps: 1200, note: null });

    // A small move needs nothing; a forced one keeps its note in the history.
    expect(await admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "170" })).toMatchObject({ rate: "170", changeBps: 348 });
    const forced = await admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "1700", force: true, note: "currency redenominated" });
    expect(forced).toMatchObject({ rate: "1700", changeBps: 90000, note: "currency redenominated" });
    const [newest] = await admin.admin.fx.list({ limit: 1 });
    expect(newest).toMatchObject({ id: forced.id, changeBps: 90000, note: "currency redenominated" });

    // The reverse pair is compared too: 1 JMD = 0.0005 USD against 1 / 1700 is 15 % lower.
    expect(await errorCode(admin.admin.fx.set({ base: "JMD", quote: "USD", rate: "0.0005" }))).toBe("FX.RATE_CHANGE_UNCONFIRMED");
    await admin.admin.fx.set({ base: "USD", quote: "JMD", rate: "157.25", force: true, note: "back to the seeded rate" });
  });
});

describe("price feed", () => {
  it("stores what the feed publishes as 'feed' rates, skipping a rate unchanged since its last one", async () => {
    let published = [{ base: "USD" as const, quote: "JMD" as const, rate: "156.80", asOf: new Date("2026-11-30T12:00:00Z") }];
    const feed: FxFeedPort = { fetchRates: async () => published };
    expect(await kit.services.fx.refreshFromFeed(feed)).toEqual({ received: 1, stored: 1 });
    expect(await kit.services.fx.refreshFromFeed(feed)).toEqual({ received: 1, stored: 0 });
    published = [{ ...published[0]!, rate: "156.9", asOf: new Date() }];
    expect(await kit.services.fx.refreshFromFeed(feed)).toEqual({ received: 1, stored: 1 });
    const latest = await as(null).fx.latest();
    expect(latest.rates.find((r) => r.base === "USD" && r.quote === "JMD")).toMatchObject({ rate: "156.9", source: "feed" });
  });

  it("stores nothing when the feed names an unknown pair", async () => {
    const before = (await as(kit.admin).admin.fx.list()).length;
    const feed: FxFeedPort = {
      fetchRates: async () => [
        { base: "USD", quote: "JMD", rate: "157", asOf: new Date() },
        { base: "EUR" as "USD", quote: "JMD", rate: "170", asOf: new Date() },
      ],
    };
    await expect(kit.services.fx.refreshFromFeed(feed)).rejects.toThrow(/unknown currency pair/);
    expect((await as(kit.admin).admin.fx.list()).length).toBe(before);
  });
});
