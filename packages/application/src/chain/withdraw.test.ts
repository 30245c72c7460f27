import { describe, expect, it } from "vitest";
import { memoryApp, refusal, TREASURY } from "../testing/memory";
import { accountKey } from "../testing/memory/ledger";
import { withdraw } from "./withdraw";

const OUTSIDE = `0x${"b".repeat(40)}`;

function funded(limit = 1_000_000n) {
  const app = memoryApp({ chain: { withdrawalDailyLimit: limit } });
  const user = app.user();
  return { app, user, ready: app.fund(user, "USDC", 5_000_000n) };
}

const pending = (app: ReturnType<typeof memoryApp>) => app.state.balances.get(accountKey({ kind: "pending_withdrawal" }, "USDC")) ?? 0n;

describe("asking for a withdrawal", () => {
  it("moves the amount into pending withdrawals and records a request to the user's own address by default", async () => {
    const { app, user, ready } = funded();
    await ready;
    const view = await withdraw(app.ctx, user, { amount: 250_000n, idempotencyKey: "w1" });
    expect(view).toMatchObject({ amount: 250_000n, to: app.state.users.get(user.id)!.walletAddress, status: "requested", txHash: null });
    expect(app.balance(user.id, "USDC")).toBe(4_750_000n);
    expect(pending(app)).toBe(250_000n);
    expect(app.events.chain).toMatchObject([{ userId: user.id, kind: "withdrawal", id: view.id, status: "requested" }]);
    expect(app.ledgerSum("USDC")).toBe(0n);
  });

  it("makes one withdrawal of a key however often it is sent, and refuses the key for another amount", async () => {
    const { app, user, ready } = funded();
    await ready;
    const input = { amount: 100_000n, to: OUTSIDE, idempotencyKey: "w1" };
    const [a, b] = await Promise.all([withdraw(app.ctx, user, input), withdraw(app.ctx, user, input)]);
    expect(a).toEqual(b);
    expect(app.state.withdrawals.size).toBe(1);
    expect(pending(app)).toBe(100_000n);
    expect(app.events.chain).toHaveLength(1);
    // The address is compared whatever its case.
    expect(await withdraw(app.ctx, user, { ...input, to: OUTSIDE.toUpperCase().replace("0X", "0x") })).toEqual(a);
    expect((await refusal(withdraw(app.ctx, user, { ...input, amount: 100_001n }))).code).toBe("IDEMPOTENCY.KEY_REUSED");
  });

  it("keeps to the daily limit, counting the day's earlier requests, and moves nothing when over it", async () => {
    const { app, user, ready } = funded(300_000n);
    await ready;
    await withdraw(app.ctx, user, { amount: 200_000n, idempotencyKey: "w1" });
    expect(await refusal(withdraw(app.ctx, user, { amount: 100_001n, idempotencyKey: "w2" }))).toMatchObject({
      code: "CHAIN.DAILY_LIMIT_EXCEEDED",
      details: { limit: "300000" },
    });
    expect(pending(app)).toBe(200_000n);
    await withdraw(app.ctx, user, { amount: 100_000n, idempotencyKey: "w2" });
    // A new UTC day starts a new allowance.
    app.clock.advance(24 * 60 * 60 * 1000);
    await withdraw(app.ctx, user, { amount: 300_000n, idempotencyKey: "w3" });
    expect(pending(app)).toBe(600_000n);
  });

  it("refuses while paused, to the treasury, to a malformed address, beyond the balance, and when the chain is off", async () => {
    const { app, user, ready } = funded();
    await ready;
    app.state.withdrawalsPaused = true;
    expect((await refusal(withdraw(app.ctx, user, { amount: 1n, idempotencyKey: "w1" }))).code).toBe("CHAIN.WITHDRAWALS_PAUSED");
    app.state.withdrawalsPaused = false;
    expect(await refusal(withdraw(app.ctx, user, { amount: 1n, to: TREASURY, idempotencyKey: "w1" }))).toMatchObject({
      code: "CHAIN.FORBIDDEN_DESTINATION",
      details: { field: "to", reason: "treasury" },
    });
    expect((await refusal(withdraw(app.ctx, user, { amount: 1n, to: "0x123", idempotencyKey: "w1" }))).code).toBe("VALIDATION.INVALID_INPUT");
    expect((await refusal(withdraw(app.ctx, user, { amount: 5_000_001n, idempotencyKey: "w1" }))).code).toBe("WALLET.INSUFFICIENT_FUNDS");
    expect(app.state.withdrawals.size).toBe(0);

    const off = memoryApp({ chain: { chain: null } });
    expect((await refusal(withdraw(off.ctx, off.user(), { amount: 1n, idempotencyKey: "w1" }))).code).toBe("CHAIN.UNAVAILABLE");
  });
});
