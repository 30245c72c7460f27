import { describe, expect, it } from "vitest";
import { memoryApp, refusal } from "../testing/memory";
import { withdraw } from "./withdraw";
import { approveWithdrawal, cancelHeldWithdrawal, listMyHeldWithdrawals, listWithdrawalReviews } from "./withdrawal-holds";

const OUTSIDE = `0x${"b".repeat(40)}`;

function setUp() {
  const app = memoryApp({ chain: { withdrawalDailyLimit: 100_000_000n } });
  const ctx = { ...app.ctx, withdrawalRisk: { newAddressHoldMinutes: 30, reviewThreshold: 1_000_000n, dualReviewThreshold: 10_000_000n } };
  const user = app.user();
  return { app, ctx, user, ready: app.fund(user, "USDC", 50_000_000n) };
}

describe("withdrawal holds (use cases on in-memory ports)", () => {
  it("tells the owner why and until when a first withdrawal to an address waits", async () => {
    const { app, ctx, user, ready } = setUp();
    await ready;
    const w = await withdraw(ctx, user, { amount: 10n, to: OUTSIDE, idempotencyKey: "w1" });
    const [held] = await listMyHeldWithdrawals(ctx, user);
    expect(held).toMatchObject({ id: w.id, awaitingReview: false, leavesAt: new Date(app.clock.now().getTime() + 30 * 60_000) });
    expect(held!.holds.map((h) => h.rule)).toEqual(["new_address"]);
    expect(await listMyHeldWithdrawals(ctx, app.user())).toEqual([]);
  });

  it("needs two different admins at the dual threshold; nobody approves twice or their own", async () => {
    const { app, ctx, user, ready } = setUp();
    await ready;
    const [a1, a2] = [app.user("admin"), app.user("admin")];
    const w = await withdraw(ctx, user, { amount: 10_000_000n, to: OUTSIDE, idempotencyKey: "w1" });
    expect((await listWithdrawalReviews(ctx, a1)).map((q) => q.id)).toEqual([w.id]);
    expect((await refusal(listWithdrawalReviews(ctx, user))).code).toBe("AUTH.FORBIDDEN");

    expect((await approveWithdrawal(ctx, a1, { id: w.id })).awaitingReview).toBe(true);
    expect((await refusal(approveWithdrawal(ctx, a1, { id: w.id }))).code).toBe("CHAIN.REVIEW_ALREADY_APPROVED");
    const done = await approveWithdrawal(ctx, a2, { id: w.id });
    expect(done.awaitingReview).toBe(false);
    expect(done.holds.find((h) => h.rule === "dual_review")).toMatchObject({ status: "cleared", approvals: 2 });

    // An admin's own withdrawal needs someone else.
    await app.fund(a1, "USDC", 5_000_000n);
    const own = await withdraw(ctx, a1, { amount: 2_000_000n, to: OUTSIDE, idempotencyKey: "w2" });
    expect((await refusal(approveWithdrawal(ctx, a1, { id: own.id }))).code).toBe("CHAIN.REVIEW_OWN_WITHDRAWAL");
  });

  it("lets only the owner cancel, and only while it waits", async () => {
    const { app, ctx, user, ready } = setUp();
    await ready;
    const w = await withdraw(ctx, user, { amount: 10n, to: OUTSIDE, idempotencyKey: "w1" });
    expect((await refusal(cancelHeldWithdrawal(ctx, app.user(), { id: w.id }))).code).toBe("CHAIN.WITHDRAWAL_NOT_FOUND");
    const quick = await withdraw({ ...ctx, withdrawalRisk: { ...ctx.withdrawalRisk, newAddressHoldMinutes: 0 } }, user, { amount: 10n, to: OUTSIDE, idempotencyKey: "w2" });
    expect((await refusal(cancelHeldWithdrawal(ctx, user, { id: quick.id }))).code).toBe("CHAIN.WITHDRAWAL_NOT_HELD");
  });
});
