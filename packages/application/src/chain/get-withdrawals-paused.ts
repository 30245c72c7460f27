import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

/** Whether an admin paused withdrawals. */
export async function getWithdrawalsPaused(ctx: Ctx, caller: Caller): Promise<{ paused: boolean }> {
  requireRole(caller, "admin");
  return { paused: await ctx.uow.run(asUser(caller), (r) => r.chain.withdrawalsPaused()) };
}
