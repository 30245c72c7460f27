import type { ChainPort } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireChain } from "./chain-settings";
import { depositView, type DepositView } from "./views";

/** The head block, or null when the chain cannot be reached (reads then show what the database knows). */
async function headOrNull(chain: ChainPort): Promise<bigint | null> {
  try {
    return await chain.headBlock();
  } catch {
    return null;
  }
}

/** The caller's latest deposits, the pending ones with their confirmations so far. */
export async function listDeposits(ctx: Ctx, caller: Caller): Promise<DepositView[]> {
  const chain = requireChain(ctx);
  const rows = await ctx.uow.run(asUser(caller), (r) => r.chain.listDeposits({ chainId: chain.chainId, userId: caller.id, limit: 50 }));
  const head = rows.some((d) => d.status === "pending") ? await headOrNull(chain) : null;
  return rows.map((d) => depositView(d, head, ctx.chain.confirmations));
}
