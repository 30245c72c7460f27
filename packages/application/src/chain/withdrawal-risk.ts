import {
  assertWithdrawalDestination,
  forbiddenDestinations,
  holdsForWithdrawal,
  isHoldBlocking,
  type Repositories,
  type UnitOfWork,
  type Withdrawal,
  type WithdrawalHold,
} from "@caribex/domain";
import type { Ctx } from "../shared/deps";
import { SYSTEM_ACTOR } from "./deposit-scanner";
import { chainNetworksOf } from "./networks";

/**
 * The risk rules around a withdrawal request, called from `withdraw`: where it may not go (before any money
 * moves), and the holds it waits behind (recorded in the same transaction as the request, so the sender never
 * sees it without them).
 */
export function assertAllowedDestination(ctx: Ctx, to: string): void {
  const networks = chainNetworksOf(ctx);
  const forbidden = forbiddenDestinations({
    tokenAddresses: networks.map((n) => n.chain.tokenAddress),
    treasuryAddresses: networks.map((n) => n.chain.treasuryAddress),
    systemAddresses: ctx.withdrawalRisk.systemAddresses ?? [],
  });
  assertWithdrawalDestination(to, forbidden);
}

/** Records the holds a new withdrawal gets (a first withdrawal to its address, an amount that needs review). */
export async function holdNewWithdrawal(ctx: Ctx, repos: Repositories, w: Withdrawal): Promise<WithdrawalHold[]> {
  const firstToAddress = !(await repos.withdrawalHolds.hasConfirmedWithdrawalTo(w.userId, w.to));
  const holds = holdsForWithdrawal({ amount: w.amount, firstToAddress, now: ctx.clock.now(), rules: ctx.withdrawalRisk });
  return repos.withdrawalHolds.add(w.id, holds);
}

/**
 * What the sender may sign: requested withdrawals none of whose holds still blocks at `now`. Holds only ever
 * block less as time passes, except a cancel or a rejection, which fail the withdrawal under its lock, so the
 * sender's own lock-and-check before signing settles that race.
 */
export async function withoutBlockingHolds(uow: UnitOfWork, requested: Withdrawal[], now: Date): Promise<Withdrawal[]> {
  if (requested.length === 0) return requested;
  const holds = await uow.run(SYSTEM_ACTOR, (r) => r.withdrawalHolds.ofWithdrawals(requested.map((w) => w.id)));
  const blocked = new Set(holds.filter((h) => isHoldBlocking(h, now)).map((h) => h.withdrawalId));
  return requested.filter((w) => !blocked.has(w.id));
}
