import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDepositScanner, createServices, createWithdrawalSender, SYSTEM_ACTOR, type Caller } from "@caribex/application";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { ZERO_ADDRESS, type Actor, type DomainError, type Hex } from "@caribex/domain";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

// Withdrawal risk controls on a real local chain and a real PostgreSQL: holds on first withdrawals to an address,
// reviews by one and two admins, cancel and reject with exact refunds, refused destinations. The clock is a fake
// that the test moves; nothing waits for time.

const CONFIRMATIONS = 1;
const HOLD_MINUTES = 60;

describe("withdrawal risk controls", () => {
  let chain: TestChain;
  let t: TestDatabase;
  let treasury: Hex;
  let now = new Date("2026-12-07T12:00:00Z");
  const clock = { now: () => now };
  const callers: Record<number, Caller> = {};
  let admin1: Caller;
  let admin2: Caller;
  const events = { orderStatusChanged() {}, productsChanged() {}, categoriesChanged() {}, balancesChanged() {} };
  let held: ReturnType<typeof createServices>;
  let reviewed: ReturnType<typeof createServices>;

  const sender = () => createWithdrawalSender({ uow: t.uow, chain: chain.port(), clock, confirmations: CONFIRMATIONS, rebroadcastMs: 60_000 });
  const scanner = () => createDepositScanner({ uow: t.uow, chain: chain.port(), confirmations: CONFIRMATIONS, batchSize: 1000, startBlock: 0n });
  const treasuryNonce = () => chain.pub.getTransactionCount({ address: treasury, blockTag: "latest" });
  const balance = async (i: number) => (await t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.balances(callers[i]!.id))).find((x) => x.currency === "USDC")!.balance;
  const withdrawal = (id: string) => t.uow.run(SYSTEM_ACTOR, (r) => r.chain.findWithdrawal(id));
  const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: DomainError) => e.code ?? String(e));
  /** What went into and came out of pending_withdrawal for one withdrawal. */
  async function pendingFlows(id: string) {
    const rows = (await t.database.db.execute(
      `select coalesce(sum(t.amount) filter (where t.to_wallet_id = w.id), 0)::text as "in", coalesce(sum(t.amount) filter (where t.from_wallet_id = w.id), 0)::text as "out"
         from transactions t join wallets w on w.kind = 'pending_withdrawal' and w.id in (t.from_wallet_id, t.to_wallet_id) where t.withdrawal_id = '${id}'`,
    )) as unknown as { in: string; out: string }[] | { rows: { in: string; out: string }[] };
    const row = Array.isArray(rows) ? rows[0]! : rows.rows[0]!;
    return { in: BigInt(row.in), out: BigInt(row.out) };
  }

  /** Runs the sender until nothing is in flight or only held withdrawals are left, mining between passes. */
  async function drain() {
    const s = sender();
    for (let i = 0; i < 50; i++) {
      const pass = await s.tick();
      const active = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId: 31337, statuses: ["signed", "broadcast"], limit: 1 }));
      if (active.length === 0 && pass.signed === 0) return;
      await chain.mine(1);
    }
    throw new Error("withdrawals did not settle");
  }

  async function fund(i: number, amount: bigint) {
    await chain.mint(testAccount(i).address, amount);
    await chain.transfer(i, treasury, amount);
    await chain.mine(1);
    await scanner().tick();
  }

  async function user(i: number, role: "customer" | "admin" = "customer"): Promise<Caller> {
    const { user: u } = await t.uow.run(SYSTEM_ACTOR, (r) => r.users.upsertByAddress(testAccount(i).address, `user${i}`));
    if (role === "admin") await t.uow.run(SYSTEM_ACTOR, (r) => r.users.setRole(u.id, "admin"));
    return { id: u.id, role };
  }

  beforeAll(async () => {
    [chain, t] = await Promise.all([startTestChain(), createTestDatabase({ poolSize: 10 })]);
    treasury = chain.port().treasuryAddress;
    const base = { uow: t.uow, clock, events, chain: { chain: chain.port(), confirmations: CONFIRMATIONS, withdrawalDailyLimit: usdc(10_000) } };
    held = createServices({ ...base, withdrawalRisk: { newAddressHoldMinutes: HOLD_MINUTES, reviewThreshold: usdc(100), dualReviewThreshold: usdc(1000) } });
    reviewed = createServices({ ...base, withdrawalRisk: { newAddressHoldMinutes: 0, reviewThreshold: usdc(100), dualReviewThreshold: usdc(1000) } });
    for (const i of [10, 11, 12, 13, 14, 15]) callers[i] = await user(i);
    admin1 = await user(16, "admin");
    admin2 = await user(17, "admin");
  });
  afterAll(async () => {
    await Promise.allSettled([chain?.stop(), t?.drop()]);
  });

  it("holds a first withdrawal to an address, tells its owner until when, and sends it once the hold ends", async () => {
    await fund(10, usdc(100));
    const w = await held.chain.withdraw(callers[10]!, { amount: usdc(10), idempotencyKey: randomUUID() });
    const [mine] = await held.withdrawalHolds.mine(callers[10]!);
    expect(mine).toMatchObject({ id: w.id, awaitingReview: false, leavesAt: new Date(now.getTime() + HOLD_MINUTES * 60_000) });
    expect(mine!.holds).toEqual([expect.objectContaining({ rule: "new_address", status: "held", reason: expect.stringContaining("First withdrawal to this address") })]);

    const nonce = await treasuryNonce();
    await drain();
    expect(await treasuryNonce()).toBe(nonce);
    expect((await withdrawal(w.id))!.status).toBe("requested");

    // One minute before the end it still waits; past it, the sender sends it.
    now = new Date(now.getTime() + (HOLD_MINUTES - 1) * 60_000);
    await drain();
    expect((await withdrawal(w.id))!.status).toBe("requested");
    now = new Date(now.getTime() + 2 * 60_000);
    const onChain = await chain.balanceOf(testAccount(10).address);
    await drain();
    expect((await withdrawal(w.id))!.status).toBe("confirmed");
    expect(await chain.balanceOf(testAccount(10).address)).toBe(onChain + usdc(10));
    expect(await held.withdrawalHolds.mine(callers[10]!)).toEqual([]);

    // The address is known now: the next withdrawal to it is not held.
    const again = await held.chain.withdraw(callers[10]!, { amount: usdc(5), idempotencyKey: randomUUID() });
    expect(await held.withdrawalHolds.mine(callers[10]!)).toEqual([]);
    await drain();
    expect((await withdrawal(again.id))!.status).toBe("confirmed");
  });

  it("refunds exactly when the owner cancels during the hold, and the sender never sends it", async () => {
    await fund(11, usdc(50));
    const w = await held.chain.withdraw(callers[11]!, { amount: usdc(20), idempotencyKey: randomUUID() });
    expect(await balance(11)).toBe(usdc(30));
    // Nobody else cancels it.
    expect(await code(held.withdrawalHolds.cancel(callers[12]!, { id: w.id }))).toBe("CHAIN.WITHDRAWAL_NOT_FOUND");

    const cancelled = await held.withdrawalHolds.cancel(callers[11]!, { id: w.id });
    expect(cancelled.holds).toEqual([expect.objectContaining({ rule: "new_address", status: "cancelled" })]);
    expect(await balance(11)).toBe(usdc(50));
    expect(await pendingFlows(w.id)).toEqual({ in: usdc(20), out: usdc(20) });
    expect(await withdrawal(w.id)).toMatchObject({ status: "failed", failure: expect.stringContaining("cancelled") });
    expect(await code(held.withdrawalHolds.cancel(callers[11]!, { id: w.id }))).toBe("CHAIN.WITHDRAWAL_NOT_HELD");

    const nonce = await treasuryNonce();
    now = new Date(now.getTime() + 2 * HOLD_MINUTES * 60_000);
    await drain();
    expect(await treasuryNonce()).toBe(nonce);
    expect(await balance(11)).toBe(usdc(50));
  });

  it("waits for one admin's approval at the review threshold, and shows it in the review queue", async () => {
    await fund(12, usdc(300));
    const w = await reviewed.chain.withdraw(callers[12]!, { amount: usdc(100), idempotencyKey: randomUUID() });
    const queue = await reviewed.withdrawalHolds.reviews(admin1);
    const entry = queue.find((q) => q.id === w.id);
    expect(entry).toMatchObject({ userId: callers[12]!.id, amount: usdc(100), awaitingReview: true, approvedByYou: false });
    expect(entry!.holds).toEqual([expect.objectContaining({ rule: "review", approvalsNeeded: 1, approvals: 0, reason: expect.stringContaining("administrator") })]);
    expect(await code(reviewed.withdrawalHolds.reviews(callers[12]!))).toBe("AUTH.FORBIDDEN");
    expect(await code(reviewed.withdrawalHolds.approve(callers[13]!, { id: w.id }))).toBe("AUTH.FORBIDDEN");

    const nonce = await treasuryNonce();
    await drain();
    expect(await treasuryNonce()).toBe(nonce);

    const approved = await reviewed.withdrawalHolds.approve(admin1, { id: w.id });
    expect(approved.holds).toEqual([expect.objectContaining({ status: "cleared", approvals: 1 })]);
    expect((await reviewed.withdrawalHolds.reviews(admin1)).map((q) => q.id)).not.toContain(w.id);
    await drain();
    expect((await withdrawal(w.id))!.status).toBe("confirmed");
    // Below the threshold, nothing waits.
    const small = await reviewed.chain.withdraw(callers[12]!, { amount: usdc(99), idempotencyKey: randomUUID() });
    expect((await reviewed.withdrawalHolds.reviews(admin1)).map((q) => q.id)).not.toContain(small.id);
    await drain();
    expect((await withdrawal(small.id))!.status).toBe("confirmed");
  });

  it("waits for two different admins at the second threshold; the same admin twice is refused", async () => {
    await fund(13, usdc(1500));
    const w = await reviewed.chain.withdraw(callers[13]!, { amount: usdc(1000), idempotencyKey: randomUUID() });
    expect((await reviewed.withdrawalHolds.reviews(admin1)).find((q) => q.id === w.id)!.holds).toEqual([
      expect.objectContaining({ rule: "dual_review", approvalsNeeded: 2, approvals: 0 }),
    ]);

    const first = await reviewed.withdrawalHolds.approve(admin1, { id: w.id });
    expect(first).toMatchObject({ awaitingReview: true, approvedByYou: true });
    expect(first.holds).toEqual([expect.objectContaining({ status: "held", approvals: 1 })]);
    expect(await code(reviewed.withdrawalHolds.approve(admin1, { id: w.id }))).toBe("CHAIN.REVIEW_ALREADY_APPROVED");
    const nonce = await treasuryNonce();
    await drain();
    expect(await treasuryNonce()).toBe(nonce);
    expect((await withdrawal(w.id))!.status).toBe("requested");

    const second = await reviewed.withdrawalHolds.approve(admin2, { id: w.id });
    expect(second.holds).toEqual([expect.objectContaining({ status: "cleared", approvals: 2 })]);
    expect(await code(reviewed.withdrawalHolds.approve(admin2, { id: w.id }))).toBe("CHAIN.WITHDRAWAL_NOT_HELD");
    await drain();
    expect((await withdrawal(w.id))!.status).toBe("confirmed");
    expect(await balance(13)).toBe(usdc(500));
  });

  it("refunds exactly what a rejected withdrawal held, with the admin's reason", async () => {
    await fund(14, usdc(400));
    const w = await reviewed.chain.withdraw(callers[14]!, { amount: usdc(250), idempotencyKey: randomUUID() });
    expect(await balance(14)).toBe(usdc(150));
    const rejected = await reviewed.withdrawalHolds.reject(admin2, { id: w.id, reason: "destination flagged by compliance" });
    expect(rejected.holds).toEqual([expect.objectContaining({ rule: "review", status: "rejected" })]);
    expect(await balance(14)).toBe(usdc(400));
    expect(await pendingFlows(w.id)).toEqual({ in: usdc(250), out: usdc(250) });
    expect(await withdrawal(w.id)).toMatchObject({ status: "failed", failure: expect.stringContaining("destination flagged by compliance") });
    expect((await reviewed.withdrawalHolds.reviews(admin1)).map((q) => q.id)).not.toContain(w.id);
    expect(await code(reviewed.withdrawalHolds.reject(admin1, { id: w.id, reason: "again" }))).toBe("CHAIN.WITHDRAWAL_NOT_HELD");
    const nonce = await treasuryNonce();
    await drain();
    expect(await treasuryNonce()).toBe(nonce);
  });

  it("refuses the zero address, the token contract and the treasury before any money moves", async () => {
    await fund(15, usdc(40));
    for (const [to, reason] of [
      [ZERO_ADDRESS, "zero_address"],
      [chain.token, "token_contract"],
      [treasury, "treasury"],
      [treasury.toLowerCase(), "treasury"],
    ] as const) {
      const refused = await reviewed.chain.withdraw(callers[15]!, { amount: usdc(1), to, idempotencyKey: randomUUID() }).then(
        () => null,
        (e: DomainError) => e,
      );
      expect(refused, to).toMatchObject({ code: "CHAIN.FORBIDDEN_DESTINATION", details: { field: "to", reason } });
    }
    expect(await balance(15)).toBe(usdc(40));
    expect(await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId: 31337, userId: callers[15]!.id, limit: 10 }))).toEqual([]);
  });

  it("in the database: a held withdrawal's money goes back only once it is cancelled or rejected, and it fails only once refunded", async () => {
    const w = await held.chain.withdraw(callers[15]!, { amount: usdc(3), to: testAccount(3).address, idempotencyKey: randomUUID() });
    const refund = [{ kind: "refund" as const, currency: "USDC" as const, amount: usdc(3), from: { kind: "pending_withdrawal" as const }, to: { kind: "user" as const, userId: callers[15]!.id }, withdrawalId: w.id }];
    const owner: Actor = { kind: "user", userId: callers[15]!.id, role: "customer" };
    const asAdmin: Actor = { kind: "user", userId: admin1.id, role: "admin" };
    // Still held: nobody takes the money back, not the owner, an admin or the system.
    for (const actor of [owner, asAdmin, SYSTEM_ACTOR]) {
      await expect(t.uow.run(actor, (r) => r.ledger.post(refund)), JSON.stringify(actor)).rejects.toThrow();
    }
    // Nor fails it while the money is still pending.
    const early = await t.uow.run(SYSTEM_ACTOR, (r) => r.chain.updateWithdrawal(w.id, { status: "failed" })).then(
      () => "ok",
      (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`,
    );
    expect(early).toMatch(/fails only once its money went back/);
    // The owner's cancel does both, once.
    await held.withdrawalHolds.cancel(callers[15]!, { id: w.id });
    await expect(t.uow.run(SYSTEM_ACTOR, (r) => r.ledger.post(refund))).rejects.toThrow();
    expect(await pendingFlows(w.id)).toEqual({ in: usdc(3), out: usdc(3) });
  });
});
