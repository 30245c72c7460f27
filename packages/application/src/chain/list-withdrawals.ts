import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireChain } from "./chain-settings";
import { withdrawalView, type WithdrawalView } from "./views";

/** The caller's latest withdrawals, on every network. */
export async function listWithdrawals(ctx: Ctx, caller: Caller): Promise<WithdrawalView[]> {
  requireChain(ctx);
  const rows = await ctx.uow.run(asUser(caller), (r) => r.chain.listWithdrawals({ userId: caller.id, limit: 50 }));
  return rows.map(withdrawalView);
}
