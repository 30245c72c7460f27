import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

/** An admin pauses withdrawals (new requests are refused; the sender stops) or resumes them. */
export async function setWithdrawalsPaused(ctx: Ctx, caller: Caller, paused: boolean): Promise<{ paused: boolean }> {
  requireRole(caller, "admin");
  await ctx.uow.run(asUser(caller), (r) => r.chain.setWithdrawalsPaused(paused));
  return { paused };
}
