import { DomainError } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { requireChain } from "./chain-settings";

/** Moves a deposit from an unknown sender out of suspense into a user's wallet. */
export async function assignSuspense(ctx: Ctx, caller: Caller, input: { depositId: string; userId: string }) {
  requireRole(caller, "admin");
  requireChain(ctx);
  const done = await ctx.uow.run(asUser(caller), async (r) => {
    const d = await r.chain.lockDeposit(input.depositId);
    if (!d) throw new DomainError("CHAIN.DEPOSIT_NOT_FOUND", "No such deposit");
    if (d.status !== "suspense") throw new DomainError("CHAIN.DEPOSIT_NOT_IN_SUSPENSE", "This deposit is not waiting for assignment");
    const user = await r.users.findById(input.userId);
    if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
    await r.ledger.ensureWallets(user.id);
    const [tx] = await r.ledger.post([
      { kind: "transfer", currency: "USDC", amount: d.amount, from: { kind: "suspense" }, to: { kind: "user", userId: user.id }, memo: `USDC deposit ${d.txHash}` },
    ]);
    await r.chain.updateDeposit(d.id, { status: "credited", userId: user.id, transactionId: tx!.id });
    return { id: d.id, userId: user.id, status: "credited" as const };
  });
  await afterCommit(ctx, { emit: () => ctx.events.balancesChanged({ userIds: [done.userId] }), evict: [cacheKeys.wallet(done.userId)] });
  return done;
}
