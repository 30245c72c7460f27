import { describe, expect, it } from "vitest";
import { memoryApp, refusal } from "../testing/memory";
import { convert } from "./convert";
import { fundHouse } from "./fund-house";
import { requestQuote } from "./quote";
import { setRate } from "./set-rate";

async function scene() {
  const app = memoryApp();
  const admin = app.user("admin");
  const shopper = app.user();
  await setRate(app.ctx, admin, { base: "USD", quote: "JMD", rate: "157.25" });
  await fundHouse(app.ctx, admin, { currency: "JMD", amount: 2_000_000n, memo: "opening float", idempotencyKey: "f1" });
  await app.fund(shopper, "USD", 100_000n);
  return { app, admin, shopper };
}

describe("quoting and converting", () => {
  it("quotes at the latest rate less the spread and converts both legs once, the ledger summing to zero", async () => {
    const { app, shopper } = await scene();
    const q = await requestQuote(app.ctx, shopper, { from: "USD", to: "JMD", amount: 10_000n });
    // 100.00 USD · 157.25 · 0.995 = 15,646.375 JMD → 15,646.37 (the platform keeps the half cent)
    expect(q).toMatchObject({ pay: 10_000n, receive: 1_564_637n, fee: 50n, rate: "157.25", spreadBps: 50, side: "pay" });
    expect(q.expiresAt.getTime() - app.clock.now().getTime()).toBe(30_000);
    const done = await convert(app.ctx, shopper, { quoteId: q.id, idempotencyKey: "c1" });
    expect(done.transactions.map((t) => [t.kind, t.currency, t.amount])).toEqual([
      ["conversion", "USD", 10_000n],
      ["conversion", "JMD", 1_564_637n],
    ]);
    expect([app.balance(shopper.id, "USD"), app.balance(shopper.id, "JMD")]).toEqual([90_000n, 1_564_637n]);
    expect([app.ledgerSum("USD"), app.ledgerSum("JMD")]).toEqual([0n, 0n]);
    expect(app.events.balances.at(-1)).toEqual([shopper.id]);
    // A replay of the key returns the first conversion; another key for the same quote is refused.
    const again = await convert(app.ctx, shopper, { quoteId: q.id, idempotencyKey: "c1" });
    expect(again.transactions.map((t) => t.id)).toEqual(done.transactions.map((t) => t.id));
    expect(await refusal(convert(app.ctx, shopper, { quoteId: q.id, idempotencyKey: "c2" }))).toMatchObject({ code: "FX.QUOTE_USED" });
    expect(app.balance(shopper.id, "JMD")).toBe(1_564_637n);
  });

  it("refuses a quote once its 30 seconds are over, and moves nothing", async () => {
    const { app, shopper } = await scene();
    const q = await requestQuote(app.ctx, shopper, { from: "USD", to: "JMD", amount: 1_000n, side: "receive" });
    app.clock.advance(30_000);
    expect(await refusal(convert(app.ctx, shopper, { quoteId: q.id, idempotencyKey: "c1" }))).toMatchObject({ code: "FX.QUOTE_EXPIRED" });
    expect(app.balance(shopper.id, "USD")).toBe(100_000n);
  });

  it("refuses what the float cannot pay, an unknown pair, and someone else's quote", async () => {
    const { app, admin, shopper } = await scene();
    expect(await refusal(requestQuote(app.ctx, shopper, { from: "USD", to: "JMD", amount: 2_000_001n, side: "receive" }))).toMatchObject({ code: "FX.LIQUIDITY" });
    expect(await refusal(requestQuote(app.ctx, shopper, { from: "USDC", to: "JMD", amount: 1_000_000n }))).toMatchObject({ code: "FX.NO_RATE" });
    // Two quotes each within the float, together beyond it: the second conversion is refused.
    const a = await requestQuote(app.ctx, shopper, { from: "USD", to: "JMD", amount: 1_200_000n, side: "receive" });
    const b = await requestQuote(app.ctx, shopper, { from: "USD", to: "JMD", amount: 1_200_000n, side: "receive" });
    await convert(app.ctx, shopper, { quoteId: a.id, idempotencyKey: "a" });
    expect(await refusal(convert(app.ctx, shopper, { quoteId: b.id, idempotencyKey: "b" }))).toMatchObject({ code: "FX.LIQUIDITY" });
    const other = app.user();
    expect(await refusal(convert(app.ctx, other, { quoteId: b.id, idempotencyKey: "x" }))).toMatchObject({ code: "FX.QUOTE_NOT_FOUND" });
    expect(await refusal(fundHouse(app.ctx, shopper, { currency: "JMD", amount: 1n, memo: "me", idempotencyKey: "f" }))).toMatchObject({ code: "AUTH.FORBIDDEN" });
    expect(await refusal(fundHouse(app.ctx, admin, { currency: "JMD", amount: 1n, memo: " ", idempotencyKey: "g" }))).toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
  });

  it("funds the USDC float only from the admin's own wallet", async () => {
    const { app, admin } = await scene();
    expect(await refusal(fundHouse(app.ctx, admin, { currency: "USDC", amount: 1_000_000n, memo: "float", idempotencyKey: "u1" }))).toMatchObject({
      code: "WALLET.INSUFFICIENT_FUNDS",
    });
    await app.fund(admin, "USDC", 1_000_000n);
    const tx = await fundHouse(app.ctx, admin, { currency: "USDC", amount: 1_000_000n, memo: "float", idempotencyKey: "u2" });
    expect(tx).toMatchObject({ kind: "transfer", currency: "USDC", from: { kind: "user", userId: admin.id } });
    expect(app.balance(admin.id, "USDC")).toBe(0n);
  });
});
