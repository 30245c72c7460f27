import type { Balance, Currency } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

export interface Treasury {
  /** The house float of each currency: what conversions into it can pay. */
  floats: Balance[];
  /** What the ledger owes per currency: users' wallets, escrow, and (USDC) withdrawals on their way and suspense. */
  liabilities: { currency: Currency; users: bigint; escrow: bigint; total: bigint }[];
  spreadBps: number;
}

/** House floats and liabilities per currency (admin). */
export async function getTreasury(ctx: Ctx, caller: Caller): Promise<Treasury> {
  requireRole(caller, "admin");
  const [floats, liabilities] = await ctx.uow.run(asUser(caller), (repos) => Promise.all([repos.fx.houseFloats(), repos.fx.liabilitiesByCurrency()]));
  return { floats, liabilities, spreadBps: ctx.fxSpreadBps };
}
