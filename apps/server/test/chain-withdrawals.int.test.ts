import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDepositScanner, createServices, createWithdrawalSender, SYSTEM_ACTOR, type Caller } from "@caribex/application";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { DomainError, type Hex } from "@caribex/domain";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

const CONFIRMATIONS = 1;

describe("USDC withdrawals on a real local chain", () => {
  let chain: TestChain;
  let t: TestDatabase;
  let treasury: Hex;
  let services: ReturnType<typeof createServices>;
  const callers: Record<number, Caller> = {};
  const clock = { now: () => new Date() };

  const sender = () =>
    createWithdrawalSender({ uow: t.uow, chain: chain.port(), clock, confirmations: CONFIRMATIONS, rebroadcastMs: 60_000 });
  const scanner = () =>
    createDepositScanner({ uow: t.uow, chain: chain.port(), confirmations: CONFIRMATIONS, batchSize: 1000, startBlock: 0n });

  const balance = async (i: number) => {
    const b = await t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.balances(callers[i]!.id));
    return b.find((x) => x.currency === "USDC")!.balance;
  };
  const withdrawalsOf = (i: number) => t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId: 31337, userId: callers[i]!.id, limit: 100 }));
  const treasuryNonce = () => chain.pub.getTransactionCount({ address: treasury, blockTag: "latest" });

  /** Runs the sender until nothing is in flight, mining a block between passes (never waits on the clock). */
  async function drain() {
    const s = sender();
    for (let i = 0; i < 50; i++) {
      await s.tick();
      const active = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId: 31337, statuses: ["requested", "signed", "broadcast"], limit: 1 }));
      if (active.length === 0) return;
      await chain.mine(1);
    }
    throw new Error("withdrawals did not settle");
  }

  /** Deposits on chain from account #i and credits it through the scanner. */
  async function fund(i: number, amount: bigint) {
    await chain.mint(testAccount(i).address, amount);
    await chain.transfer(i, treasury, amount);
    await chain.mine(1);
    await scanner().tick();
  }

  beforeAll(async () => {
    [chain, t] = await Promise.all([startTestChain(), createTestDatabase({ poolSize: 25 })]);
    treasury = chain.port().treasuryAddress;
    services = createServices({
      uow: t.uow,
      clock,
      events: { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} },
      chain: { chain: chain.port(), confirmations: CONFIRMATIONS, withdrawalDailyLimit: usdc(500) },
    });
    for (const i of [10, 11, 12, 13, 14, 15]) {
      const { user } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(testAccount(i).address, `user${i}`));
      callers[i] = { id: user.id, role: "customer" };
    }
  });
  afterAll(async () => {
    await Promise.allSettled([chain?.stop(), t?.drop()]);
  });

  it("turns 20 concurrent requests with one key into one transfer on chain", async () => {
    await fund(10, usdc(100));
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => services.chain.withdraw(callers[10]!, { amount: usdc(30), idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results[0]).toMatchObject({ status: "requested", to: testAccount(10).address });
    expect(await balance(10)).toBe(usdc(70));

    const onChainBefore = await chain.balanceOf(testAccount(10).address);
    const nonceBefore = await treasuryNonce();
    await drain();
    expect(await chain.balanceOf(testAccount(10).address)).toBe(onChainBefore + usdc(30));
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
    expect(await withdrawalsOf(10)).toMatchObject([{ status: "confirmed", amount: usdc(30) }]);
    expect((await services.chain.withdrawals(callers[10]!))[0]).toMatchObject({ status: "confirmed" });
  });

  it("never withdraws more than the balance with different keys", async () => {
    await fund(11, usdc(55));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => services.chain.withdraw(callers[11]!, { amount: usdc(10), idempotencyKey: randomUUID() })),
    );
    const ok = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(ok).toHaveLength(5);
    for (const r of refused) expect(((r as PromiseRejectedResult).reason as DomainError).code).toBe("WALLET.INSUFFICIENT_FUNDS");
    expect(await balance(11)).toBe(usdc(5));
    await drain();
    expect((await withdrawalsOf(11)).every((w) => w.status === "confirmed")).toBe(true);
  });

  it("sends exactly one transfer when the sender dies between signing and broadcasting", async () => {
    await fund(12, usdc(20));
    const w = await services.chain.withdraw(callers[12]!, { amount: usdc(20), idempotencyKey: randomUUID() });
    const nonceBefore = await treasuryNonce();
    const onChainBefore = await chain.balanceOf(testAccount(12).address);

    // The first sender signs and stores the transaction, then is gone before it broadcasts anything.
    expect(await sender().signRequested()).toBe(1);
    const [stored] = await withdrawalsOf(12);
    expect(stored).toMatchObject({ id: w.id, status: "signed" });
    expect(await treasuryNonce()).toBe(nonceBefore);

    // A new sender broadcasts the stored bytes, not a new transaction.
    await drain();
    const [done] = await withdrawalsOf(12);
    expect(done).toMatchObject({ status: "confirmed", txHash: stored!.txHash });
    expect(await treasuryNonce()).toBe(nonceBefore + 1);
    expect(await chain.balanceOf(testAccount(12).address)).toBe(onChainBefore + usdc(20));
  });

  it("refunds a withdrawal whose transfer reverts", async () => {
    await fund(13, usdc(15));
    const blockedAddress = testAccount(16).address;
    await chain.block(blockedAddress, true);
    await services.chain.withdraw(callers[13]!, { amount: usdc(15), to: blockedAddress, idempotencyKey: randomUUID() });
    expect(await balance(13)).toBe(0n);
    await drain();
    expect(await withdrawalsOf(13)).toMatchObject([{ status: "failed" }]);
    expect(await balance(13)).toBe(usdc(15));
    expect(await chain.balanceOf(blockedAddress)).toBe(0n);
  });

  it("refuses withdrawals while paused and above the daily limit", async () => {
    await fund(14, usdc(600));
    const admin = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(testAccount(17).address, "admin"));
    await t.uow.run(SYSTEM_ACTOR, (r) => r.users.setRole(admin.user.id, "admin"));
    const adminCaller: Caller = { id: admin.user.id, role: "admin" };
    await services.chain.setWithdrawalsPaused(adminCaller, true);
    await expect(services.chain.withdraw(callers[14]!, { amount: usdc(1), idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "CHAIN.WITHDRAWALS_PAUSED",
    });
    await services.chain.setWithdrawalsPaused(adminCaller, false);
    await services.chain.withdraw(callers[14]!, { amount: usdc(400), idempotencyKey: randomUUID() });
    await expect(services.chain.withdraw(callers[14]!, { amount: usdc(101), idempotencyKey: randomUUID() })).rejects.toMatchObject({
      code: "CHAIN.DAILY_LIMIT_EXCEEDED",
    });
    expect(await balance(14)).toBe(usdc(200));
    await drain();
  });

  it("keeps the treasury on chain equal to what the ledger owes after a random mix", async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    await fund(15, usdc(300));
    await chain.mint(testAccount(15).address, usdc(500)); // for deposits during the mix
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      const amount = usdc(1 + Math.floor(random() * 40));
      if (random() < 0.4) {
        jobs.push(services.chain.withdraw(callers[15]!, { amount, idempotencyKey: randomUUID() }).catch(() => null));
      } else {
        // One account signs its transfers one after another (its nonces are sequential).
        await chain.transfer(15, treasury, amount);
      }
      if (i % 10 === 9) {
        await Promise.all(jobs.splice(0));
        await chain.mine(1);
        await Promise.all([scanner().tick(), sender().tick()]);
      }
    }
    await chain.mine(1);
    await scanner().tick();
    await drain();
    await chain.mine(1);
    await scanner().tick();

    const [deposited] = await Promise.all([t.uow.run(SYSTEM_ACTOR, (r) => r.chain.countDepositsByStatus(31337))]);
    expect(deposited.credited).toBeGreaterThan(5);
    const r = await services.chain.reserves();
    expect(r.liabilities.pendingWithdrawals).toBe(0n);
    expect(r.treasuryOnChain).toBe(r.liabilities.total);
    expect(r.difference).toBe(0n);
  });
});
