import { DomainError, isAwaitingReview, type Repositories } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { callOffWithdrawal } from "./call-off-withdrawal";
import { SYSTEM_ACTOR } from "./deposit-scanner";
import { heldWithdrawalView, type HeldWithdrawalView } from "./held-withdrawal-view";

const QUEUE_LIMIT = 100;

async function heldViews(repos: Repositories, q: { userId?: string }, viewerId?: string): Promise<HeldWithdrawalView[]> {
  const holds = await repos.withdrawalHolds.listHeld({ ...q, limit: QUEUE_LIMIT });
  const ids = [...new Set(holds.map((h) => h.withdrawalId))];
  const all = await repos.withdrawalHolds.ofWithdrawals(ids);
  const views: HeldWithdrawalView[] = [];
  for (const id of ids) {
    const w = await repos.chain.findWithdrawal(id);
    if (w) views.push(heldWithdrawalView(w, all, viewerId));
  }
  return views;
}

/** The caller's withdrawals that wait behind a hold, with why and until when. */
export async function listMyHeldWithdrawals(ctx: Ctx, caller: Caller): Promise<HeldWithdrawalView[]> {
  return ctx.uow.run(asUser(caller), (repos) => heldViews(repos, { userId: caller.id }));
}

/** The review queue: every withdrawal still held, oldest first, with its rules, reasons and approvals. */
export async function listWithdrawalReviews(ctx: Ctx, caller: Caller): Promise<HeldWithdrawalView[]> {
  requireRole(caller, "admin");
  return ctx.uow.run(asUser(caller), (repos) => heldViews(repos, {}, caller.id));
}

function calledOff(ctx: Ctx, userId: string, id: string) {
  return afterCommit(ctx, {
    emit: () => {
      ctx.events.balancesChanged({ userIds: [userId] });
      ctx.events.chainActivity?.({ userId, kind: "withdrawal", id, status: "failed", at: ctx.clock.now() });
    },
    evict: [cacheKeys.wallet(userId)],
  });
}

/**
 * The owner cancels a withdrawal while it waits behind a hold: its money comes back in full. Ownership is read as
 * the owner (row-level security shows nobody else's); the cancel itself runs under the withdrawal's lock, so a
 * sender signing it at that moment makes this a clear refusal instead of a race.
 */
export async function cancelHeldWithdrawal(ctx: Ctx, caller: Caller, input: { id: string }): Promise<HeldWithdrawalView> {
  const mine = await ctx.uow.run(asUser(caller), (r) => r.chain.findWithdrawal(input.id));
  if (!mine || mine.userId !== caller.id) throw new DomainError("CHAIN.WITHDRAWAL_NOT_FOUND", "No such withdrawal");
  const { withdrawal, holds } = await ctx.uow.run(SYSTEM_ACTOR, (r) =>
    callOffWithdrawal(r, { withdrawalId: mine.id, outcome: "cancelled", by: caller.id, at: ctx.clock.now() }),
  );
  await calledOff(ctx, withdrawal.userId, withdrawal.id);
  return heldWithdrawalView(withdrawal, holds);
}

/**
 * An admin approves a withdrawal's review: once as many different admins as its rule needs approved, the hold
 * clears and the sender may send it (after any new-address wait). Nobody approves their own withdrawal.
 */
export async function approveWithdrawal(ctx: Ctx, caller: Caller, input: { id: string }): Promise<HeldWithdrawalView> {
  requireRole(caller, "admin");
  return ctx.uow.run(asUser(caller), async (repos) => {
    const w = await repos.chain.lockWithdrawal(input.id);
    if (!w) throw new DomainError("CHAIN.WITHDRAWAL_NOT_FOUND", "No such withdrawal");
    const holds = await repos.withdrawalHolds.ofWithdrawals([w.id]);
    const review = holds.find(isAwaitingReview);
    if (w.status !== "requested" || !review) throw new DomainError("CHAIN.WITHDRAWAL_NOT_HELD", "This withdrawal waits for no review", { status: w.status });
    if (w.userId === caller.id) throw new DomainError("CHAIN.REVIEW_OWN_WITHDRAWAL", "Another administrator must review your own withdrawal");
    if (!(await repos.withdrawalHolds.approve(review.id, caller.id))) {
      throw new DomainError("CHAIN.REVIEW_ALREADY_APPROVED", "You approved this withdrawal already; another administrator must approve it", {
        approvals: review.approvals.length,
        needed: review.approvalsNeeded,
      });
    }
    if (review.approvals.length + 1 >= review.approvalsNeeded) {
      await repos.withdrawalHolds.decide(review.id, { status: "cleared", by: caller.id, at: ctx.clock.now() });
    }
    return heldWithdrawalView(w, await repos.withdrawalHolds.ofWithdrawals([w.id]), caller.id);
  });
}

/** An admin rejects a withdrawal under review: it fails and its money goes back to its owner in full. */
export async function rejectWithdrawal(ctx: Ctx, caller: Caller, input: { id: string; reason: string }): Promise<HeldWithdrawalView> {
  requireRole(caller, "admin");
  const { withdrawal, holds } = await ctx.uow.run(asUser(caller), async (r) => {
    const current = await r.withdrawalHolds.ofWithdrawals([input.id]);
    if (!current.some(isAwaitingReview)) {
      if (!(await r.chain.findWithdrawal(input.id))) throw new DomainError("CHAIN.WITHDRAWAL_NOT_FOUND", "No such withdrawal");
      throw new DomainError("CHAIN.WITHDRAWAL_NOT_HELD", "This withdrawal waits for no review");
    }
    return callOffWithdrawal(r, { withdrawalId: input.id, outcome: "rejected", by: caller.id, at: ctx.clock.now(), note: input.reason });
  });
  await calledOff(ctx, withdrawal.userId, withdrawal.id);
  return heldWithdrawalView(withdrawal, holds, caller.id);
}
