import { randomUUID } from "node:crypto";
import { createWalletClient, http, parseAbiItem, parseTransaction, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDepositScanner, createServices, createWithdrawalSender, SYSTEM_ACTOR, type Caller } from "@caribex/application";
import { DEV_TREASURY_KEY } from "@caribex/chain/dev";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import type { Withdrawal } from "@caribex/domain";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

const CONFIRMATIONS = 1;
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");

/**
 * Someone else spends a nonce the withdrawal sender signed with: an operator sending from the treasury by hand,
 * or a replacement transaction. The sender must neither resend blindly forever nor sign a second transfer while
 * its own could still be mined.
 */
describe("a withdrawal whose nonce another transaction used", () => {
  let chain: TestChain;
  let t: TestDatabase;
  let treasury: Hex;
  let services: ReturnType<typeof createServices>;
  let caller: Caller;
  const clock = { now: () => new Date() };
  const replaced: { id: string; nonce: number }[] = [];

  const sender = () =>
    createWithdrawalSender({
      uow: t.uow,
      chain: chain.port(),
      clock,
      confirmations: CONFIRMATIONS,
      rebroadcastMs: 60_000,
      onReplaced: (w, nonce) => replaced.push({ id: w.id, nonce }),
    });
  const withdrawal = async (id: string) => (await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.findWithdrawal(id)))!;
  const transfersTo = (to: Hex) =>
    chain.pub.getLogs({ address: chain.token, event: transferEvent, args: { from: treasury, to }, fromBlock: 0n, toBlock: "latest" });
  const balance = async () => (await t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.balances(caller.id))).find((b) => b.currency === "USDC")!.balance;

  /** The operator's own transaction from the treasury key: a zero-value transfer to itself (a "cancel"). */
  async function operatorSends(nonce: number, fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<Hex> {
    const wallet = createWalletClient({ account: privateKeyToAccount(DEV_TREASURY_KEY), chain: hardhat, transport: http(chain.url, { retryCount: 0 }) });
    return wallet.sendTransaction({ to: treasury, value: 0n, nonce, ...(fees ?? {}) });
  }

  async function requestWithdrawal(amount: bigint): Promise<{ w: Withdrawal; to: Hex }> {
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const view = await services.chain.withdraw(caller, { amount, to, idempotencyKey: randomUUID() });
    return { w: await withdrawal(view.id), to };
  }

  /** Runs the sender until the withdrawal is final, mining a block between passes. */
  async function settle(id: string): Promise<Withdrawal> {
    const s = sender();
    for (let i = 0; i < 30; i++) {
      await s.tick();
      const w = await withdrawal(id);
      if (w.status === "confirmed" || w.status === "failed") {
        return w;
      }
      await chain.mine(1);
    }
    throw new Error("the withdrawal did not settle");
  }

  async function expectBalanced() {
    const r = await services.chain.reserves();
    expect(r.liabilities.pendingWithdrawals).toBe(0n);
    expect(r.treasuryOnChain).toBe(r.liabilities.total);
  }

  beforeAll(async () => {
    [chain, t] = await Promise.all([startTestChain(), createTestDatabase()]);
    treasury = chain.port().treasuryAddress;
    services = createServices({
      uow: t.uow,
      clock,
      events: { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} },
      chain: { chain: chain.port(), confirmations: CONFIRMATIONS, withdrawalDailyLimit: usdc(1_000) },
    });
    const account = testAccount(18);
    const { user } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(account.address, "nonce-test"));
    caller = { id: user.id, role: "customer" };
    await chain.mint(account.address, usdc(100));
    await chain.transfer(18, treasury, usdc(100));
    await chain.mine(1);
    const scanner = createDepositScanner({ uow: t.uow, chain: chain.port(), confirmations: CONFIRMATIONS, batchSize: 1000, startBlock: 0n });
    await scanner.tick();
  });
  afterAll(async () => {
    await Promise.allSettled([chain?.stop(), t?.drop()]);
  });

  it("signs again with a fresh nonce when an operator's transaction took the nonce before the broadcast", async () => {
    const amount = usdc(10);
    const { w, to } = await requestWithdrawal(amount);
    expect(await sender().signRequested()).toBe(1);
    const signed = await withdrawal(w.id);
    expect(signed.status).toBe("signed");

    // The operator sends from the treasury with that very nonce; it is mined at once.
    const theirs = await operatorSends(signed.nonce!);
    expect((await chain.pub.getTransactionReceipt({ hash: theirs })).status).toBe("success");

    const done = await settle(w.id);
    expect(done.status).toBe("confirmed");
    expect(done.nonce).not.toBe(signed.nonce);
    expect(done.txHash).not.toBe(signed.txHash);
    expect(replaced).toContainEqual({ id: w.id, nonce: signed.nonce });
    // The first signed transaction can never be mined now; exactly one transfer reached the recipient.
    await expect(chain.pub.getTransactionReceipt({ hash: signed.txHash! })).rejects.toThrow();
    const logs = await transfersTo(to);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.args.value).toBe(amount);
    expect(logs[0]!.transactionHash).toBe(done.txHash);
    expect(await chain.balanceOf(to)).toBe(amount);
    await expectBalanced();
  });

  it("waits while its broadcast transaction is pending, and signs again only once a replacement is mined instead", async () => {
    const amount = usdc(5);
    const { w, to } = await requestWithdrawal(amount);
    const before = await balance();
    let sent!: Withdrawal;
    await chain.test.setAutomine(false);
    try {
      const s = sender();
      await s.tick();
      sent = await withdrawal(w.id);
      expect(sent.status).toBe("broadcast");

      // Pending, nonce not yet spent by anyone: nothing is re-signed, however often the sender looks.
      await s.tick();
      await s.tick();
      expect(await withdrawal(w.id)).toMatchObject({ status: "broadcast", txHash: sent.txHash, nonce: sent.nonce });

      // A replacement with the same nonce and higher fees takes its place in the pool and is mined.
      const ours = parseTransaction(sent.rawTx!);
      const theirs = await operatorSends(sent.nonce!, { maxFeePerGas: ours.maxFeePerGas! * 2n, maxPriorityFeePerGas: ours.maxPriorityFeePerGas! * 2n + 1n });
      await chain.mine(1);
      expect((await chain.pub.getTransactionReceipt({ hash: theirs })).status).toBe("success");
    } finally {
      await chain.test.setAutomine(true);
    }

    const done = await settle(w.id);
    expect(done.status).toBe("confirmed");
    expect(done.txHash).not.toBe(sent.txHash);
    expect(replaced).toContainEqual({ id: w.id, nonce: sent.nonce });
    const logs = await transfersTo(to);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.args.value).toBe(amount);
    expect(logs[0]!.transactionHash).toBe(done.txHash);
    expect(await chain.balanceOf(to)).toBe(amount);
    // The user paid once: the amount left the wallet when requested and never came back or left again.
    expect(await balance()).toBe(before);
    await expectBalanced();
  });
});
