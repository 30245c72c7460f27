import { systemActor, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { requireChain } from "./chain-settings";
import { getReserves } from "./get-reserves";

/** Reserves against liabilities, and how far the deposit scan has read (admin). */
export async function getReconciliation(ctx: Ctx, caller: Caller) {
  requireRole(caller, "admin");
  const chain = requireChain(ctx);
  const [r, scanned] = await Promise.all([getReserves(ctx), ctx.uow.run(systemActor, (repos) => repos.chain.getCursor("deposits", chain.chainId))]);
  return {
    treasuryOnChain: r.treasuryOnChain,
    liabilities: r.liabilities.total,
    difference: r.difference,
    scannedBlock: scanned?.blockNumber ?? null,
    headBlock: r.block,
  };
}
