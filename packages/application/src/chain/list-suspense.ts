import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { requireChain } from "./chain-settings";

/** Deposits from senders CaribEX does not know, waiting for an admin to assign them. */
export async function listSuspense(ctx: Ctx, caller: Caller) {
  requireRole(caller, "admin");
  requireChain(ctx);
  // Every network's: an admin assigns them all the same way.
  const rows = await ctx.uow.run(asUser(caller), (r) => r.chain.listDeposits({ status: "suspense", limit: 100 }));
  return rows.map((d) => ({ id: d.id, chainId: d.chainId, txHash: d.txHash, logIndex: d.logIndex, from: d.fromAddress, amount: d.amount, createdAt: d.createdAt }));
}
