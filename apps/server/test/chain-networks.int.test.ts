import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDepositScanner, createServices, createWithdrawalSender, SYSTEM_ACTOR, type Caller } from "@caribex/application";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import type { Hex } from "@caribex/domain";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

/** Two networks with different chain ids and confirmation depths, on two real local nodes. */
const ALPHA = { chainId: 31337, name: "Alpha", confirmations: 2 };
const BETA = { chainId: 7777, name: "Beta", confirmations: 4 };
/** Orders rows whose first element is a chain id: Alpha's first. */
const byChain = (a: readonly unknown[], b: readonly unknown[]) => (Number(a[0]) === ALPHA.chainId ? -1 : 0) - (Number(b[0]) === ALPHA.chainId ? -1 : 0);

describe("USDC on two networks", () => {
  let alpha: TestChain;
  let beta: TestChain;
  let t: TestDatabase;
  let treasury: Hex;
  let services: ReturnType<typeof createServices>;
  let admin: Caller;
  const users: Record<number, Caller> = {};
  const clock = { now: () => new Date() };
  /** What the test sent to the treasury on each network, to reconcile against. */
  const deposited = { [ALPHA.chainId]: 0n, [BETA.chainId]: 0n } as Record<number, bigint>;

  const nets = () => [
    { ...ALPHA, chain: alpha },
    { ...BETA, chain: beta },
  ];
  const scanner = (n: { chain: TestChain; confirmations: number }) =>
    createDepositScanner({ uow: t.uow, chain: n.chain.port(), confirmations: n.confirmations, batchSize: 1000, startBlock: 0n });
  const scanAlpha = () => scanner({ chain: alpha, confirmations: ALPHA.confirmations }).tick();
  const scanBeta = () => scanner({ chain: beta, confirmations: BETA.confirmations }).tick();

  const balance = async (i: number) => {
    const b = await t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.balances(users[i]!.id));
    return b.find((x) => x.currency === "USDC")!.balance;
  };
  const depositsOf = (txHash: Hex) =>
    t.uow.run(SYSTEM_ACTOR, async (r) => (await r.chain.listDeposits({ limit: 1000 })).filter((d) => d.txHash === txHash.toLowerCase()));
  const cursor = (chainId: number) => t.uow.run(SYSTEM_ACTOR, (r) => r.chain.getCursor("deposits", chainId));

  /** Sends `amount` from account #i to the treasury on one network; the test's own tally follows. */
  async function send(chain: TestChain, i: number, amount: bigint): Promise<Hex> {
    const tx = await chain.transfer(i, treasury, amount);
    deposited[chain.chainId] = deposited[chain.chainId]! + amount;
    return tx;
  }

  /** Deposits on one network and scans it until credited. */
  async function fund(chain: TestChain, i: number, amount: bigint) {
    await chain.mint(testAccount(i).address, amount);
    await send(chain, i, amount);
    const depth = chain === alpha ? ALPHA.confirmations : BETA.confirmations;
    await chain.mine(depth);
    await (chain === alpha ? scanAlpha() : scanBeta());
  }

  /** Runs both networks' senders until nothing is in flight, mining a block on each between passes. */
  async function drain() {
    const senders = nets().map((n) =>
      createWithdrawalSender({ uow: t.uow, chain: n.chain.port(), clock, confirmations: n.confirmations, rebroadcastMs: 60_000 }),
    );
    for (let i = 0; i < 50; i++) {
      for (const s of senders) await s.tick();
      const active = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ statuses: ["requested", "signed", "broadcast"], limit: 1 }));
      if (active.length === 0) return;
      await Promise.all([alpha.mine(1), beta.mine(1)]);
    }
    throw new Error("withdrawals did not settle");
  }

  beforeAll(async () => {
    [alpha, beta, t] = await Promise.all([startTestChain({ chainId: ALPHA.chainId }), startTestChain({ chainId: BETA.chainId }), createTestDatabase()]);
    treasury = alpha.port().treasuryAddress;
    expect(beta.port().treasuryAddress).toBe(treasury);
    expect(await beta.pub.getChainId()).toBe(BETA.chainId);
    services = createServices({
      uow: t.uow,
      clock,
      events: { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} },
      chain: {
        chain: alpha.port(),
        confirmations: ALPHA.confirmations,
        withdrawalDailyLimit: usdc(1_000_000),
        networks: nets().map((n) => ({ name: n.name, chain: n.chain.port(), confirmations: n.confirmations })),
      },
    });
    for (const i of [10, 11, 12]) {
      const { user } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(testAccount(i).address, `user${i}`));
      users[i] = { id: user.id, role: "customer" };
    }
    const { user } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(testAccount(14).address, "admin"));
    await t.uow.run(SYSTEM_ACTOR, (r) => r.users.setRole(user.id, "admin"));
    admin = { id: user.id, role: "admin" };
    for (const n of nets()) for (const i of [10, 11, 12]) await n.chain.mint(testAccount(i).address, usdc(1000));
  });
  afterAll(async () => {
    await Promise.allSettled([alpha?.stop(), beta?.stop(), t?.drop()]);
  });

  it("credits deposits on both networks to the one USDC balance, each after its own depth, exactly once", async () => {
    await Promise.all([scanAlpha(), scanBeta()]);
    const onAlpha = await send(alpha, 10, usdc(25));
    const onBeta = await send(beta, 10, usdc(30));
    await Promise.all([scanAlpha(), scanBeta()]);
    expect(await depositsOf(onAlpha)).toMatchObject([{ chainId: ALPHA.chainId, status: "pending" }]);
    expect(await depositsOf(onBeta)).toMatchObject([{ chainId: BETA.chainId, status: "pending" }]);

    // Two blocks are enough on Alpha, not on Beta.
    await Promise.all([alpha.mine(1), beta.mine(1)]);
    await Promise.all([scanAlpha(), scanBeta()]);
    expect(await balance(10)).toBe(usdc(25));
    expect(await depositsOf(onBeta)).toMatchObject([{ status: "pending" }]);

    await beta.mine(2);
    await scanBeta();
    expect(await balance(10)).toBe(usdc(55));

    // Scanning again, with fresh scanners and both racing, changes nothing.
    await Promise.all([alpha.mine(3), beta.mine(3)]);
    await Promise.all([scanAlpha(), scanBeta(), scanAlpha(), scanBeta()]);
    expect(await balance(10)).toBe(usdc(55));
    expect(await depositsOf(onAlpha)).toMatchObject([{ chainId: ALPHA.chainId, status: "credited", amount: usdc(25) }]);
    expect(await depositsOf(onBeta)).toMatchObject([{ chainId: BETA.chainId, status: "credited", amount: usdc(30) }]);

    // Each network has its own cursor, at its own height.
    const [a, b] = await Promise.all([cursor(ALPHA.chainId), cursor(BETA.chainId)]);
    expect(a?.blockNumber).toBe((await alpha.head()) - BigInt(ALPHA.confirmations) + 1n);
    expect(b?.blockNumber).toBe((await beta.head()) - BigInt(BETA.confirmations) + 1n);

    // The wallet lists both, each with its network and that network's confirmations.
    const mine = await services.chain.deposits(users[10]!);
    expect(mine.map((d) => [d.chainId, d.confirmations]).sort(byChain)).toEqual([
      [ALPHA.chainId, ALPHA.confirmations],
      [BETA.chainId, BETA.confirmations],
    ]);
  });

  it("keeps deposits with the same transaction hash and log index on two networks apart", async () => {
    const log = { blockNumber: 1n, blockHash: `0x${"ab".repeat(32)}` as Hex, txHash: `0x${"cd".repeat(32)}` as Hex, logIndex: 0, from: testAccount(12).address, to: treasury, amount: 1n };
    const [x, y, again] = await t.uow.run(SYSTEM_ACTOR, async (r) => [
      await r.chain.claimDeposit(ALPHA.chainId, log),
      await r.chain.claimDeposit(BETA.chainId, log),
      await r.chain.claimDeposit(BETA.chainId, log),
    ]);
    expect(x!.id).not.toBe(y!.id);
    expect(again!.id).toBe(y!.id);
    // Leave nothing pending behind that a scan could confuse with a real transfer.
    await t.uow.run(SYSTEM_ACTOR, async (r) => {
      await r.chain.updateDeposit(x!.id, { status: "orphaned" });
      await r.chain.updateDeposit(y!.id, { status: "orphaned" });
    });
  });

  it("a reorg on one network leaves the other untouched", async () => {
    const before = await balance(12);
    // Beta: a transfer whose block is reorganised away before it is confirmed.
    const snap = await beta.snapshot();
    const lost = await beta.transfer(12, treasury, usdc(40));
    await scanBeta();
    expect(await depositsOf(lost)).toMatchObject([{ chainId: BETA.chainId, status: "pending" }]);

    // Meanwhile Alpha confirms a deposit.
    const kept = await send(alpha, 12, usdc(15));
    await alpha.mine(ALPHA.confirmations);
    await scanAlpha();
    expect(await balance(12)).toBe(before + usdc(15));
    const alphaCursor = await cursor(ALPHA.chainId);

    // Beta reorganises: the block holding the transfer disappears before it was confirmed.
    await beta.revert(snap);
    await beta.mine(BETA.confirmations + 2);
    await scanBeta();
    expect(await depositsOf(lost)).toMatchObject([{ status: "orphaned" }]);

    // And again, deeper: the block under Beta's cursor is replaced; the scanner rewinds and credits the new branch.
    const snap2 = await beta.snapshot();
    await beta.mine(BETA.confirmations + 1);
    await scanBeta();
    await beta.revert(snap2);
    const replacement = await send(beta, 12, usdc(7));
    await beta.mine(BETA.confirmations + 3); // the new branch is longer
    await scanBeta();
    await scanBeta();
    expect(await depositsOf(lost)).toMatchObject([{ status: "orphaned" }]);
    expect(await depositsOf(replacement)).toMatchObject([{ chainId: BETA.chainId, status: "credited" }]);

    // Alpha saw nothing of it: same cursor, same credited deposit, and the balance moved by exactly 15 + 7.
    expect(await cursor(ALPHA.chainId)).toEqual(alphaCursor);
    expect(await depositsOf(kept)).toMatchObject([{ chainId: ALPHA.chainId, status: "credited", amount: usdc(15) }]);
    await scanAlpha();
    expect(await balance(12)).toBe(before + usdc(15) + usdc(7));
  });

  it("routes withdrawals to the most liquid network or the one named, and refuses naming the networks that could pay", async () => {
    await fund(alpha, 11, usdc(120));
    await fund(beta, 11, usdc(300));
    const reserves = await services.chain.reserves();
    const available = (chainId: number) => {
      const n = reserves.networks.find((x) => x.chainId === chainId)!;
      return n.treasuryOnChain - n.pendingWithdrawals;
    };
    const [alphaFree, betaFree] = [available(ALPHA.chainId), available(BETA.chainId)];
    expect(betaFree).toBeGreaterThan(alphaFree + usdc(50));

    const withdraw = (amount: bigint, chainId?: number) =>
      services.chain.withdraw(users[11]!, { amount, ...(chainId !== undefined ? { chainId } : {}), idempotencyKey: randomUUID() });
    const byDefault = await withdraw(usdc(50));
    expect(byDefault.chainId).toBe(BETA.chainId);
    const named = await withdraw(usdc(30), ALPHA.chainId);
    expect(named.chainId).toBe(ALPHA.chainId);

    const before = await balance(11);
    // More than Alpha has left, less than Beta has: refused, Beta named.
    await expect(withdraw(alphaFree - usdc(30) + 1n, ALPHA.chainId)).rejects.toMatchObject({
      code: "CHAIN.INSUFFICIENT_LIQUIDITY",
      details: { networks: [{ chainId: BETA.chainId, name: BETA.name }] },
      message: expect.stringContaining("Beta (chain 7777)"),
    });
    // More than any network has: refused, nobody named.
    await expect(withdraw(betaFree + alphaFree)).rejects.toMatchObject({ code: "CHAIN.INSUFFICIENT_LIQUIDITY", details: { networks: [] } });
    await expect(withdraw(usdc(1), 999)).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    expect(await balance(11)).toBe(before);

    // Each leaves on its own network.
    const onAlpha = await alpha.balanceOf(testAccount(11).address);
    const onBeta = await beta.balanceOf(testAccount(11).address);
    await drain();
    expect(await alpha.balanceOf(testAccount(11).address)).toBe(onAlpha + usdc(30));
    expect(await beta.balanceOf(testAccount(11).address)).toBe(onBeta + usdc(50));
    const rows = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ userId: users[11]!.id, limit: 10 }));
    expect(rows.map((w) => [w.chainId, w.status, w.amount] as const).sort(byChain)).toEqual([
      [ALPHA.chainId, "confirmed", usdc(30)],
      [BETA.chainId, "confirmed", usdc(50)],
    ]);
    expect((await services.chain.withdrawals(users[11]!)).map((w) => [w.chainId] as const).sort(byChain)).toEqual([[ALPHA.chainId], [BETA.chainId]]);
  });

  it("reconciles each network exactly, and the total against the one balance", async () => {
    await Promise.all([scanAlpha(), scanBeta()]);
    const r = await services.chain.reconciliation(admin);
    const withdrawn = { [ALPHA.chainId]: usdc(30), [BETA.chainId]: usdc(50) } as Record<number, bigint>;
    expect(r.networks.map((n) => n.chainId)).toEqual([ALPHA.chainId, BETA.chainId]);
    for (const [n, chain] of [
      [r.networks[0]!, alpha],
      [r.networks[1]!, beta],
    ] as const) {
      expect(n.treasuryOnChain).toBe(await chain.balanceOf(treasury));
      expect(n.deposited).toBe(deposited[n.chainId]);
      expect(n.withdrawn).toBe(withdrawn[n.chainId]);
      expect(n.pendingWithdrawals).toBe(0n);
      expect(n.treasuryOnChain).toBe(n.deposited - n.withdrawn);
      expect(n.scannedBlock).toBe((await cursor(n.chainId))!.blockNumber);
      expect(n.headBlock).toBe(await chain.head());
    }
    expect(r.networks[0]!.confirmations).toBe(ALPHA.confirmations);
    expect(r.networks[1]!.confirmations).toBe(BETA.confirmations);
    // Every deposit is owed to someone, every withdrawal left: the networks together back the balances exactly.
    expect(r.treasuryOnChain).toBe(r.networks[0]!.treasuryOnChain + r.networks[1]!.treasuryOnChain);
    const sum = (await Promise.all([10, 11, 12].map(balance))).reduce((a, b) => a + b, 0n);
    expect(r.liabilities).toBe(sum);
    expect(r.difference).toBe(0n);
    // The primary network's fields keep their meaning.
    expect(r.scannedBlock).toBe(r.networks[0]!.scannedBlock);

    const info = await services.chain.depositInfo(users[10]!);
    expect(info).toMatchObject({ chainId: ALPHA.chainId, confirmations: ALPHA.confirmations });
    expect(info.networks).toEqual([
      { chainId: ALPHA.chainId, name: "Alpha", tokenAddress: alpha.token, treasuryAddress: treasury, confirmations: ALPHA.confirmations },
      { chainId: BETA.chainId, name: "Beta", tokenAddress: beta.token, treasuryAddress: treasury, confirmations: BETA.confirmations },
    ]);
  });
});
