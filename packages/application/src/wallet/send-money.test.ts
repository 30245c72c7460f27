import { describe, expect, it } from "vitest";
import { memoryApp, refusal } from "../testing/memory";
import { sendMoney } from "./send-money";

function twoUsers() {
  const app = memoryApp();
  const alice = app.user();
  const bob = app.user();
  const bobAddress = app.state.users.get(bob.id)!.walletAddress;
  return { app, alice, bob, bobAddress };
}

describe("sending money", () => {
  it("moves the amount from the sender's wallet to the recipient's, found by address in any case", async () => {
    const { app, alice, bob, bobAddress } = twoUsers();
    await app.fund(alice, "JMD", 1_000n);
    const tx = await sendMoney(app.ctx, alice, { to: bobAddress.toUpperCase().replace("0X", "0x"), currency: "JMD", amount: 400n, idempotencyKey: "k1", memo: "lunch" });
    expect(tx).toMatchObject({ kind: "transfer", amount: 400n, memo: "lunch", from: { kind: "user", userId: alice.id }, to: { kind: "user", userId: bob.id } });
    expect([app.balance(alice.id, "JMD"), app.balance(bob.id, "JMD")]).toEqual([600n, 400n]);
    expect(app.events.balances.at(-1)).toEqual([alice.id, bob.id]);
    expect(app.ledgerSum("JMD")).toBe(0n);
  });

  it("moves once for a key, returning the same transaction to a retry", async () => {
    const { app, alice, bob, bobAddress } = twoUsers();
    await app.fund(alice, "JMD", 1_000n);
    const input = { to: bobAddress, currency: "JMD" as const, amount: 400n, idempotencyKey: "k1" };
    const results = await Promise.all([sendMoney(app.ctx, alice, input), sendMoney(app.ctx, alice, input), sendMoney(app.ctx, alice, input)]);
    expect(new Set(results.map((t) => t.id)).size).toBe(1);
    expect(app.balance(bob.id, "JMD")).toBe(400n);
    // Replays tell nobody.
    expect(app.events.balances).toEqual([[alice.id, bob.id]]);
  });

  it("refuses a key used before with other parameters", async () => {
    const { app, alice, bobAddress } = twoUsers();
    await app.fund(alice, "JMD", 1_000n);
    await sendMoney(app.ctx, alice, { to: bobAddress, currency: "JMD", amount: 400n, idempotencyKey: "k1" });
    expect(await refusal(sendMoney(app.ctx, alice, { to: bobAddress, currency: "JMD", amount: 401n, idempotencyKey: "k1" }))).toEqual({
      code: "IDEMPOTENCY.KEY_REUSED",
      message: "This idempotency key was already used with different parameters",
      details: {},
    });
    // A memo is a parameter too, and so is its absence.
    expect((await refusal(sendMoney(app.ctx, alice, { to: bobAddress, currency: "JMD", amount: 400n, idempotencyKey: "k1", memo: "" }))).code).toBe(
      "IDEMPOTENCY.KEY_REUSED",
    );
  });

  it("refuses unknown recipients, oneself and more than the wallet holds, leaving the key unused", async () => {
    const { app, alice, bob, bobAddress } = twoUsers();
    await app.fund(alice, "USD", 50n);
    const send = (to: string, amount: bigint) => sendMoney(app.ctx, alice, { to, currency: "USD", amount, idempotencyKey: "k1" });
    expect((await refusal(send(`0x${"9".repeat(40)}`, 10n))).code).toBe("WALLET.RECIPIENT_NOT_FOUND");
    expect((await refusal(send(app.state.users.get(alice.id)!.walletAddress, 10n))).code).toBe("WALLET.SELF_TRANSFER");
    expect(await refusal(send(bobAddress, 51n))).toMatchObject({ code: "WALLET.INSUFFICIENT_FUNDS", details: { currency: "USD" } });
    expect((await send(bobAddress, 50n)).amount).toBe(50n);
    expect(app.balance(bob.id, "USD")).toBe(50n);
  });

  it("refuses amounts that are not positive before touching anything", async () => {
    const { app, alice, bobAddress } = twoUsers();
    expect((await refusal(sendMoney(app.ctx, alice, { to: bobAddress, currency: "JMD", amount: 0n, idempotencyKey: "k1" }))).code).toBe("MONEY.INVALID_AMOUNT");
    expect(app.uow.committed).toHaveLength(0);
  });
});
