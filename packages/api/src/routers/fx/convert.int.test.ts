/**
 * Conversion between currencies on a real PostgreSQL: quotes, the ledger's one-posting conversion against the
 * house float, its refusals (expired on a test clock, used, someone else's, float too low), concurrency, and the
 * checkout that converts exactly its shortfall first.
 */
import type { Caller } from "@caribex/application";
import { parseRate, quoteAmounts, type Actor, type Currency, type User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../../context";
import { createCaller } from "../../root";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
const systemActor: Actor = { kind: "system" };
// The services' clock: today plus however far a test has moved it.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

const as = (user: Caller | null) => createCaller(createInnerContext({ services: kit.services }, { user }));

/** USDC enters only by deposit: credited from the chain account, as the deposit scanner does. */
async function deposit(userId: string, amount: bigint) {
  await kit.db.uow.run(systemActor, async (repos) => {
    await repos.ledger.ensureWallets(userId);
    await repos.ledger.post([{ kind: "credit", currency: "USDC", amount, from: { kind: "chain" }, to: { kind: "user", userId }, memo: "test deposit" }]);
  });
  await kit.cache.evict(`wallet:${userId}`);
}

async function houseFloat(currency: Currency): Promise<bigint> {
  const t = await as(kit.admin).admin.fx.treasury();
  return t.floats.find((f) => f.currency === currency)!.balance;
}

/** Funds the JMD float up to exactly `target`. */
async function setJmdFloat(target: bigint) {
  const now = await houseFloat("JMD");
  if (target > now) await as(kit.admin).admin.fx.fundHouse({ currency: "JMD", amount: target - now, memo: "test float", idempotencyKey: key() });
  expect(await houseFloat("JMD")).toBe(target);
}

async function ledgerSums() {
  return kit.query<{ currency: string; total: string }>("select currency, sum(balance)::text as total from wallets group by currency order by currency");
}

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 20, clock });
  // One known rate: 1 USDC = 157.10 JMD (the demo seed's), set again so nothing else decides it.
  await as(kit.admin).admin.fx.set({ base: "USDC", quote: "JMD", rate: "157.1" });
});
afterAll(() => kit?.close());

describe("wallet.quote", () => {
  it("quotes exact amounts at the latest rate less the spread, valid 30 seconds", async () => {
    await setJmdFloat(10_000_000n);
    const shopper = await kit.newUser();
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 123_456n, side: "receive" });
    const expected = quoteAmounts({ from: "USDC", to: "JMD", side: "receive", amount: 123_456n, ratio: parseRate("157.1"), spreadBps: 50 });
    expect(q).toMatchObject({ from: "USDC", to: "JMD", side: "receive", rate: "157.1", spreadBps: 50, ...expected, usedAt: null });
    expect(q.expiresAt.getTime() - clock.now().getTime()).toBeGreaterThan(29_000);
    expect(q.expiresAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(30_000);
    const pay = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
    expect(pay).toMatchObject({ side: "pay", pay: 1_000_000n, receive: 15_631n }); // 157.10 · 0.995 = 156.3145
  });

  it("names each refusal", async () => {
    const shopper = await kit.newUser();
    expect(await errorCode(as(shopper).wallet.quote({ from: "USDC", to: "USDC", amount: 1n }))).toBe("BAD_REQUEST");
    expect(await errorCode(as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 1n }))).toBe("MONEY.INVALID_AMOUNT");
    expect(await errorCode(as(shopper).wallet.quote({ from: "JMD", to: "USDC", amount: 100_000n }))).toBe("FX.LIQUIDITY");
    expect(await errorCode(as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 10n ** 11n, side: "receive" }))).toBe("FX.LIQUIDITY");
    expect(await errorCode(as(null).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n }))).toBe("AUTH.UNAUTHENTICATED");
  });
});

describe("wallet.convert", () => {
  it("posts both legs in one ledger transaction, honours the quote once and replays its key", async () => {
    await setJmdFloat(10_000_000n);
    const shopper = await kit.newUser();
    await deposit(shopper.id, 20_000_000n);
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 250_000n, side: "receive" });
    const k = key();
    const done = await as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: k });
    expect(done.quote.usedAt).toBeInstanceOf(Date);
    expect(done.transactions.map((t) => [t.kind, t.currency, t.amount])).toEqual([
      ["conversion", "USDC", q.pay],
      ["conversion", "JMD", 250_000n],
    ]);
    expect(await kit.balance(shopper.id, "USDC")).toBe(20_000_000n - q.pay);
    expect(await kit.balance(shopper.id, "JMD")).toBe(250_000n);
    expect(await houseFloat("JMD")).toBe(10_000_000n - 250_000n);
    // One database transaction: both rows share its start time.
    const rows = await kit.query<{ n: string; xacts: string }>(
      `select count(*)::text as n, count(distinct xmin::text)::text as xacts from transactions where quote_id = '${q.id}'`,
    );
    expect(rows[0]).toEqual({ n: "2", xacts: "1" });

    const again = await as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: k });
    expect(again.transactions.map((t) => t.id)).toEqual(done.transactions.map((t) => t.id));
    expect(await errorCode(as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: key() }))).toBe("FX.QUOTE_USED");
    expect(await kit.balance(shopper.id, "JMD")).toBe(250_000n);
    expect((await ledgerSums()).every((r) => r.total === "0")).toBe(true);
  });

  it("refuses an expired quote (the clock moved 30 seconds) and moves nothing", async () => {
    await setJmdFloat(10_000_000n);
    const shopper = await kit.newUser();
    await deposit(shopper.id, 5_000_000n);
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
    offsetMs += 29_999;
    try {
      const fresh = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
      offsetMs += 1;
      expect(await errorCode(as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: key() }))).toBe("FX.QUOTE_EXPIRED");
      expect(await kit.balance(shopper.id, "USDC")).toBe(5_000_000n);
      // A quote taken later is still good.
      await as(shopper).wallet.convert({ quoteId: fresh.id, idempotencyKey: key() });
      expect(await kit.balance(shopper.id, "USDC")).toBe(4_000_000n);
    } finally {
      offsetMs = 0;
    }
  });

  it("refuses someone else's quote, an unknown one, and a payment the wallet cannot cover", async () => {
    await setJmdFloat(10_000_000n);
    const [a, b] = await Promise.all([kit.newUser(), kit.newUser()]);
    await deposit(a.id, 1_000_000n);
    const q = await as(a).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
    expect(await errorCode(as(b).wallet.convert({ quoteId: q.id, idempotencyKey: key() }))).toBe("FX.QUOTE_NOT_FOUND");
    expect(await errorCode(as(a).wallet.convert({ quoteId: "00000000-0000-4000-8000-000000000000", idempotencyKey: key() }))).toBe("FX.QUOTE_NOT_FOUND");
    const big = await as(b).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
    expect(await errorCode(as(b).wallet.convert({ quoteId: big.id, idempotencyKey: key() }))).toBe("WALLET.INSUFFICIENT_FUNDS");
  });

  it("50 parallel conversions against a float that covers 10: exactly 10 succeed, the float never goes below zero", async () => {
    const each = 100_000n; // 1,000.00 JMD
    // Drain the float to exactly 10 conversions' worth by converting the rest away, then check it.
    const drain = await kit.newUser();
    const extra = (await houseFloat("JMD")) - 10n * each;
    if (extra > 0n) {
      await deposit(drain.id, 10n ** 12n);
      const dq = await as(drain).wallet.quote({ from: "USDC", to: "JMD", amount: extra, side: "receive" });
      await as(drain).wallet.convert({ quoteId: dq.id, idempotencyKey: key() });
    } else if (extra < 0n) {
      await setJmdFloat(10n * each);
    }
    expect(await houseFloat("JMD")).toBe(10n * each);

    const users: User[] = await Promise.all(Array.from({ length: 50 }, () => kit.newUser()));
    await Promise.all(users.map((u) => deposit(u.id, 10_000_000n)));
    const quotes = await Promise.all(users.map((u) => as(u).wallet.quote({ from: "USDC", to: "JMD", amount: each, side: "receive" })));
    const outcomes = await Promise.all(
      users.map((u, i) =>
        as(u)
          .wallet.convert({ quoteId: quotes[i]!.id, idempotencyKey: key() })
          .then(() => "ok")
          .catch((e: unknown) => errorCode(Promise.reject(e))),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
    expect(outcomes.filter((o) => o !== "ok").every((o) => o === "FX.LIQUIDITY")).toBe(true);
    expect(await houseFloat("JMD")).toBe(0n);
    expect(await kit.query("select id from wallets where kind <> 'system' and kind <> 'chain' and balance < 0")).toEqual([]);
    expect((await ledgerSums()).every((r) => r.total === "0")).toBe(true);
    // Each accepted quote honoured exactly once, each refused one not at all.
    for (const [i, q] of quotes.entries()) {
      const [row] = await kit.query<{ legs: string; used: boolean }>(
        `select (select count(*) from transactions t where t.quote_id = q.id)::text as legs, q.used_at is not null as used from fx_quotes q where q.id = '${q.id}'`,
      );
      expect(row).toEqual(outcomes[i] === "ok" ? { legs: "2", used: true } : { legs: "0", used: false });
      const jmd = await kit.balance(users[i]!.id, "JMD");
      const usdc = await kit.balance(users[i]!.id, "USDC");
      expect([jmd, usdc]).toEqual(outcomes[i] === "ok" ? [each, 10_000_000n - q.pay] : [0n, 10_000_000n]);
    }
  });

  it("one quote used by 10 concurrent calls with different keys is honoured once", async () => {
    await setJmdFloat(10_000_000n);
    const shopper = await kit.newUser();
    await deposit(shopper.id, 10_000_000n);
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        as(shopper)
          .wallet.convert({ quoteId: q.id, idempotencyKey: key() })
          .then(() => "ok")
          .catch((e: unknown) => errorCode(Promise.reject(e))),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "ok").every((o) => o === "FX.QUOTE_USED")).toBe(true);
    expect(await kit.balance(shopper.id, "USDC")).toBe(9_000_000n);
  });
});

describe("the ledger guards the house float", () => {
  it("refuses movements out of the house account without a quote, USDC into it from the system account, and a quote's legs changed", async () => {
    await setJmdFloat(10_000_000n);
    const shopper = await kit.newUser();
    await deposit(shopper.id, 5_000_000n);
    const actor = { kind: "user" as const, userId: shopper.id, role: "customer" as const };
    await expect(
      kit.db.uow.run(actor, (r) => r.ledger.post([{ kind: "transfer", currency: "JMD", amount: 1n, from: { kind: "house" }, to: { kind: "user", userId: shopper.id } }])),
    ).rejects.toThrow();
    const adminActor = { kind: "user" as const, userId: kit.admin.id, role: "admin" as const };
    await expect(
      kit.db.uow.run(adminActor, (r) => r.ledger.post([{ kind: "credit", currency: "USDC", amount: 1n, from: { kind: "system" }, to: { kind: "house" }, memo: "no" }])),
    ).rejects.toThrow();
    // The quote's own legs with the amount the user receives raised: refused, and the quote stays open.
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 1_000_000n });
    await expect(
      kit.db.uow.run(actor, (r) =>
        r.ledger.post([
          { kind: "conversion", currency: "USDC", amount: q.pay, from: { kind: "user", userId: shopper.id }, to: { kind: "house" }, quoteId: q.id },
          { kind: "conversion", currency: "JMD", amount: q.receive + 1n, from: { kind: "house" }, to: { kind: "user", userId: shopper.id }, quoteId: q.id },
        ]),
      ),
    ).rejects.toThrow();
    // Nor may a user write a quote of their own.
    await expect(
      kit.db.uow.run(actor, (r) =>
        r.fx.insertQuote({ userId: shopper.id, from: "USDC", to: "JMD", side: "pay", rate: "100000", spreadBps: 0, pay: 1n, receive: 10n ** 9n, fee: 0n, createdAt: new Date(), expiresAt: new Date(Date.now() + 30_000) }),
      ),
    ).rejects.toThrow();
    await as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: key() });
    expect(await kit.balance(shopper.id, "JMD")).toBe(q.receive);
  });
});

describe("admin.fx.fundHouse and the treasury", () => {
  it("funds JMD and USD from the system account and USDC only from the admin's own wallet; reserves count the USDC float", async () => {
    const before = await as(kit.admin).admin.fx.treasury();
    const tx = await as(kit.admin).admin.fx.fundHouse({ currency: "USD", amount: 50_000n, memo: "Opening float", idempotencyKey: key() });
    expect(tx).toMatchObject({ kind: "credit", currency: "USD", amount: 50_000n, memo: "Opening float" });
    expect(await houseFloat("USD")).toBe(before.floats.find((f) => f.currency === "USD")!.balance + 50_000n);

    const liabilities = () => kit.db.uow.run(systemActor, (r) => r.chain.usdcLiabilities());
    // The admin has no USDC of their own: refused, nothing moves.
    const adminUsdc = await kit.balance(kit.admin.id, "USDC");
    if (adminUsdc === 0n) {
      expect(await errorCode(as(kit.admin).admin.fx.fundHouse({ currency: "USDC", amount: 1_000_000n, memo: "float", idempotencyKey: key() }))).toBe(
        "WALLET.INSUFFICIENT_FUNDS",
      );
    }
    await deposit(kit.admin.id, 3_000_000n);
    const owedBefore = (await liabilities()).total;
    await as(kit.admin).admin.fx.fundHouse({ currency: "USDC", amount: 3_000_000n, memo: "USDC float from my deposit", idempotencyKey: key() });
    expect(await kit.balance(kit.admin.id, "USDC")).toBe(adminUsdc);
    const owed = await liabilities();
    expect(owed.house).toBe(await houseFloat("USDC"));
    // Moving deposited USDC into the float changes nothing the treasury must hold.
    expect(owed.total).toBe(owedBefore);

    // A conversion out of USDC keeps the total the chain must cover the same too.
    await setJmdFloat(10_000_000n);
    const shopper = await kit.newUser();
    await deposit(shopper.id, 2_000_000n);
    const afterDeposit = (await liabilities()).total;
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: 2_000_000n });
    await as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: key() });
    expect((await liabilities()).total).toBe(afterDeposit);

    const t = await as(kit.admin).admin.fx.treasury();
    expect(t.spreadBps).toBe(50);
    expect(t.liabilities.map((l) => l.currency)).toEqual(["JMD", "USD", "USDC"]);
    expect(await errorCode(as(shopper).admin.fx.treasury())).toBe("AUTH.FORBIDDEN");
    expect(await errorCode(as(kit.admin).admin.fx.fundHouse({ currency: "JMD", amount: 1n, memo: "  ", idempotencyKey: key() }))).toBe("BAD_REQUEST");
  });
});

describe("checkout with a conversion", () => {
  it("a shopper with only USDC converts exactly the shortfall and pays a JMD product", async () => {
    await setJmdFloat(10_000_000n);
    const seller = await kit.newUser("seller");
    const product = await kit.newProduct(seller, { price: 1_234_567n, currency: "JMD", quantity: 3 });
    const shopper = await kit.newUser();
    await deposit(shopper.id, 100_000_000n);
    await kit.fund(shopper.id, "JMD", 34_567n); // some JMD already: the shortfall is the rest
    await as(shopper).cart.setItem({ productId: product.id, quantity: 1 });
    expect(await errorCode(as(shopper).checkout.place({ idempotencyKey: key() }))).toBe("WALLET.INSUFFICIENT_FUNDS");

    const shortfall = 1_234_567n - (await kit.balance(shopper.id, "JMD"));
    expect(shortfall).toBe(1_200_000n);
    const q = await as(shopper).wallet.quote({ from: "USDC", to: "JMD", amount: shortfall, side: "receive" });
    expect(q.receive).toBe(shortfall);
    await as(shopper).wallet.convert({ quoteId: q.id, idempotencyKey: key() });
    const { orders } = await as(shopper).checkout.place({ idempotencyKey: key() });
    expect(orders).toHaveLength(1);
    expect(await kit.balance(shopper.id, "JMD")).toBe(0n);
    expect(await kit.balance(shopper.id, "USDC")).toBe(100_000_000n - q.pay);
  });
});
