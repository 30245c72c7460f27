import { CURRENCIES, MAX_MINOR_UNITS, type User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, randomAddress, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let alice: User;
let bob: User;

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 15 });
  [alice, bob] = await Promise.all([kit.newUser(), kit.newUser()]);
  await kit.fund(alice.id, "JMD", 100_000n);
});
afterAll(() => kit?.close());

describe("wallet.balances", () => {
  it("lists every currency, zero included, and follows every movement", async () => {
    const fresh = await kit.newUser();
    expect(await kit.as(fresh).wallet.balances()).toEqual(CURRENCIES.map((currency) => ({ currency, balance: 0n })));
    await kit.fund(fresh.id, "USDC", 5_000_000n);
    expect((await kit.as(fresh).wallet.balances()).find((b) => b.currency === "USDC")?.balance).toBe(5_000_000n);
  });
});

describe("wallet.send", () => {
  it("moves money to another wallet by address and records it for both", async () => {
    const tx = await kit.as(alice).wallet.send({ to: bob.walletAddress.toLowerCase(), currency: "JMD", amount: 2500n, idempotencyKey: key(), memo: "lunch" });
    expect(tx).toMatchObject({ kind: "transfer", currency: "JMD", amount: 2500n, status: "completed", memo: "lunch" });
    expect(tx.from).toEqual({ kind: "user", walletAddress: alice.walletAddress });
    expect(tx.to).toEqual({ kind: "user", walletAddress: bob.walletAddress });
    expect(await kit.balance(bob.id, "JMD")).toBe(2500n);
    const history = await kit.as(bob).wallet.history();
    expect(history.items[0]?.id).toBe(tx.id);
  });

  it("names each refusal", async () => {
    const a = kit.as(alice);
    const send = { to: bob.walletAddress, currency: "JMD" as const, amount: 1n, idempotencyKey: key() };
    expect(await errorCode(a.wallet.send({ ...send, to: randomAddress() }))).toBe("WALLET.RECIPIENT_NOT_FOUND");
    expect(await errorCode(a.wallet.send({ ...send, to: alice.walletAddress }))).toBe("WALLET.SELF_TRANSFER");
    expect(await errorCode(a.wallet.send({ ...send, amount: 0n }))).toBe("BAD_REQUEST");
    expect(await errorCode(a.wallet.send({ ...send, amount: -5n }))).toBe("BAD_REQUEST");
    expect(await errorCode(a.wallet.send({ ...send, amount: MAX_MINOR_UNITS + 1n }))).toBe("BAD_REQUEST");
    expect(await errorCode(a.wallet.send({ ...send, to: "0x1234" }))).toBe("BAD_REQUEST");
    expect(await errorCode(a.wallet.send({ ...send, currency: "EUR" as "JMD" }))).toBe("BAD_REQUEST");
    expect(await errorCode(kit.as(bob).wallet.send({ ...send, to: alice.walletAddress, amount: 10n ** 12n }))).toBe("WALLET.INSUFFICIENT_FUNDS");
    expect(await errorCode(kit.as(null).wallet.send(send))).toBe("AUTH.UNAUTHENTICATED");
  });

  it("10 concurrent sends with one key move money once and return the same transaction", async () => {
    const k = key();
    const before = await kit.balance(alice.id, "JMD");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => kit.as(alice).wallet.send({ to: bob.walletAddress, currency: "JMD", amount: 700n, idempotencyKey: k })),
    );
    expect(new Set(results.map((t) => t.id)).size).toBe(1);
    expect(await kit.balance(alice.id, "JMD")).toBe(before - 700n);
    // Same key, other parameters: a conflict, nothing moves.
    expect(await errorCode(kit.as(alice).wallet.send({ to: bob.walletAddress, currency: "JMD", amount: 701n, idempotencyKey: k }))).toBe(
      "IDEMPOTENCY.KEY_REUSED",
    );
    expect(await kit.balance(alice.id, "JMD")).toBe(before - 700n);
    // Keys belong to their user: bob may use the same string for his own send.
    expect((await kit.as(bob).wallet.send({ to: alice.walletAddress, currency: "JMD", amount: 1n, idempotencyKey: k })).id).not.toBe(results[0]!.id);
  });
});

describe("wallet.history", () => {
  it("pages with a cursor and filters by currency", async () => {
    const carol = await kit.newUser();
    for (let i = 0; i < 5; i++) await kit.fund(carol.id, "JMD", BigInt(i + 1));
    await kit.fund(carol.id, "USD", 9n);
    const c = kit.as(carol);
    const first = await c.wallet.history({ currency: "JMD", limit: 3 });
    expect(first.items.map((t) => t.amount)).toEqual([5n, 4n, 3n]);
    expect(first.nextCursor).toBeTypeOf("string");
    const second = await c.wallet.history({ currency: "JMD", limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.amount)).toEqual([2n, 1n]);
    expect(second.nextCursor).toBeNull();
    expect((await c.wallet.history()).items).toHaveLength(6);
    expect(first.items[0]!.from).toEqual({ kind: "system" });
    expect(await errorCode(c.wallet.history({ cursor: "garbage" }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCode(c.wallet.history({ limit: 101 }))).toBe("BAD_REQUEST");
  });
});

describe("admin.wallet.credit", () => {
  it("credits from the system account, idempotently, for admins only", async () => {
    const dave = await kit.newUser();
    const input = { userId: dave.id, currency: "USD" as const, amount: 1234n, idempotencyKey: key(), memo: "welcome" };
    const [a, b] = await Promise.all([kit.as(kit.admin).admin.wallet.credit(input), kit.as(kit.admin).admin.wallet.credit(input)]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ kind: "credit", from: { kind: "system" }, to: { kind: "user", walletAddress: dave.walletAddress } });
    expect(await kit.balance(dave.id, "USD")).toBe(1234n);
    expect(await errorCode(kit.as(kit.admin).admin.wallet.credit({ ...input, amount: 1n }))).toBe("IDEMPOTENCY.KEY_REUSED");
    expect(await errorCode(kit.as(kit.admin).admin.wallet.credit({ ...input, idempotencyKey: key(), userId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe(
      "USER.NOT_FOUND",
    );
    expect(await errorCode(kit.as(dave).admin.wallet.credit({ ...input, idempotencyKey: key() }))).toBe("AUTH.FORBIDDEN");
  });
});

describe("ledger invariants after all of the above", () => {
  it("conserves every currency and explains every balance by its ledger rows", async () => {
    const sums = await kit.query<{ total: string }>(`select sum(balance)::text as total from wallets group by currency`);
    expect(sums.every((s) => s.total === "0")).toBe(true);
    const mismatched = await kit.query<{ id: string }>(`
      select w.id from wallets w
       where w.balance <> coalesce((select sum(amount) from transactions where to_wallet_id = w.id), 0)
                        - coalesce((select sum(amount) from transactions where from_wallet_id = w.id), 0)`);
    expect(mismatched).toEqual([]);
  });
});
