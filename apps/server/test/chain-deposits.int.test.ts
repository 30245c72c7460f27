import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDepositScanner, createServices, SYSTEM_ACTOR, type DepositScannerDeps } from "@caribex/application";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import type { Hex } from "@caribex/domain";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

const CONFIRMATIONS = 3;

describe("USDC deposits on a real local chain", () => {
  let chain: TestChain;
  let t: TestDatabase;
  let treasury: Hex;
  const ids: Record<number, string> = {};

  const scanner = (extra: Partial<DepositScannerDeps> = {}) =>
    createDepositScanner({ uow: t.uow, chain: chain.port(), confirmations: CONFIRMATIONS, batchSize: 1000, startBlock: 0n, ...extra });

  const balance = async (i: number) => {
    const b = await t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.balances(ids[i]!));
    return b.find((x) => x.currency === "USDC")!.balance;
  };
  const deposits = () => t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listDeposits({ chainId: 31337, limit: 1000 }));
  const depositOf = async (txHash: Hex) => (await deposits()).filter((d) => d.txHash === txHash.toLowerCase());

  beforeAll(async () => {
    [chain, t] = await Promise.all([startTestChain(), createTestDatabase()]);
    treasury = chain.port().treasuryAddress;
    // Accounts #10 to #12 are CaribEX users; #13 is nobody's.
    for (const i of [10, 11, 12]) {
      const address = testAccount(i).address;
      const { user } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(address, `user${i}`));
      ids[i] = user.id;
    }
    for (const i of [10, 11, 12, 13]) await chain.mint(testAccount(i).address, usdc(1000));
  });
  afterAll(async () => {
    await Promise.allSettled([chain?.stop(), t?.drop()]);
  });

  it("credits a deposit once it has the confirmations, exactly once, also across a scanner restart", async () => {
    const first = scanner();
    await first.tick();
    const tx = await chain.transfer(10, treasury, usdc(25));
    await first.tick();
    expect((await depositOf(tx))[0]).toMatchObject({ status: "pending", userId: ids[10] });
    expect(await balance(10)).toBe(0n);

    await chain.mine(1); // two confirmations of three
    await first.tick();
    expect(await balance(10)).toBe(0n);

    // The instance stops while the deposit waits; a new one takes over from the stored cursor.
    const second = scanner();
    await chain.mine(1);
    await second.tick();
    expect(await balance(10)).toBe(usdc(25));
    expect(await depositOf(tx)).toMatchObject([{ status: "credited", amount: usdc(25) }]);

    // Reading the same blocks again changes nothing.
    await chain.mine(2);
    await second.tick();
    await scanner().tick();
    expect(await balance(10)).toBe(usdc(25));
  });

  it("credits exactly once while two scanners race", async () => {
    // Both really run; the cursor's compare-and-set and the unique log key keep it exact.
    const a = scanner();
    const b = scanner();
    const before = await balance(11);
    const hashes: Hex[] = [];
    for (let i = 0; i < 6; i++) {
      hashes.push(await chain.transfer(11, treasury, usdc(1 + i)));
      await Promise.all([a.tick(), b.tick(), a.tick()]);
    }
    await chain.mine(CONFIRMATIONS);
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    expect(await balance(11)).toBe(before + usdc(1 + 2 + 3 + 4 + 5 + 6));
    for (const h of hashes) expect(await depositOf(h)).toMatchObject([{ status: "credited" }]);
    const txs = await t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.history(ids[11]!, { limit: 100 }));
    expect(txs.items.filter((x) => x.memo?.startsWith("USDC deposit"))).toHaveLength(6);
  });

  it("never credits a transfer whose block is reorganised away before it is confirmed", async () => {
    const s = scanner();
    await s.tick();
    const before = await balance(12);
    const snapshot = await chain.test.snapshot();
    const tx = await chain.transfer(12, treasury, usdc(40));
    await s.tick();
    expect(await depositOf(tx)).toMatchObject([{ status: "pending" }]);

    await chain.test.revert({ id: snapshot });
    await chain.mine(CONFIRMATIONS + 2);
    await s.tick();
    expect(await chain.pub.getTransactionReceipt({ hash: tx }).catch(() => null)).toBeNull();
    expect(await depositOf(tx)).toMatchObject([{ status: "orphaned" }]);
    expect(await balance(12)).toBe(before);
  });

  it("rewinds when the block under its cursor is replaced, and credits what the new chain holds", async () => {
    const s = scanner();
    const before = await balance(12);
    const snapshot = await chain.test.snapshot();
    await chain.mine(CONFIRMATIONS + 1);
    await s.tick(); // the cursor now sits on a block about to disappear
    await chain.test.revert({ id: snapshot });
    const tx = await chain.transfer(12, treasury, usdc(7));
    await chain.mine(CONFIRMATIONS + 2); // the new branch is longer
    await s.tick();
    await s.tick();
    expect(await depositOf(tx)).toMatchObject([{ status: "credited" }]);
    expect(await balance(12)).toBe(before + usdc(7));
  });

  it("puts a deposit from an unknown address into suspense until an admin assigns it", async () => {
    const s = scanner();
    const tx = await chain.transfer(13, treasury, usdc(9));
    await chain.mine(CONFIRMATIONS);
    await s.tick();
    const [d] = await depositOf(tx);
    expect(d).toMatchObject({ status: "suspense", userId: null });
    expect(await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.usdcLiabilities())).toMatchObject({ suspense: usdc(9) });

    const services = createServices({
      uow: t.uow,
      clock: { now: () => new Date() },
      events: { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} },
      chain: { chain: chain.port(), confirmations: CONFIRMATIONS, withdrawalDailyLimit: usdc(1000) },
    });
    const { user: admin } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(testAccount(14).address, "admin"));
    await t.uow.run(SYSTEM_ACTOR, (r) => r.users.setRole(admin.id, "admin"));
    const adminCaller = { id: admin.id, role: "admin" as const };
    expect(await services.chain.suspenseList(adminCaller)).toMatchObject([{ id: d!.id, amount: usdc(9) }]);
    const before = await balance(12);
    await services.chain.assignSuspense(adminCaller, { depositId: d!.id, userId: ids[12]! });
    expect(await balance(12)).toBe(before + usdc(9));
    await expect(services.chain.assignSuspense(adminCaller, { depositId: d!.id, userId: ids[12]! })).rejects.toMatchObject({
      code: "CHAIN.DEPOSIT_NOT_IN_SUSPENSE",
    });
  });

  it("treats tokens minted straight to the treasury as reserves, not as anyone's deposit", async () => {
    const s = scanner();
    const owedBefore = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.usdcLiabilities());
    const countBefore = (await deposits()).length;
    await chain.mint(treasury, usdc(500));
    // A real deposit after the mint, so the scan demonstrably went past the mint's block.
    const tx = await chain.transfer(10, treasury, usdc(2));
    await chain.mine(CONFIRMATIONS);
    const before = await balance(10);
    await s.tick();
    expect(await balance(10)).toBe(before + usdc(2));
    expect((await deposits()).length).toBe(countBefore + 1);
    expect(await depositOf(tx)).toHaveLength(1);
    const owedAfter = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.usdcLiabilities());
    expect(owedAfter.suspense).toBe(owedBefore.suspense);
    expect(owedAfter.total).toBe(owedBefore.total + usdc(2));
  });
});
