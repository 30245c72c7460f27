import { systemActor, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { requireChain } from "./chain-settings";
import { getReserves } from "./get-reserves";

/**
 * Reserves against liabilities in total, and per network: the treasury's balance there, what was deposited and
 * withdrawn there, what is on its way out, and how far that network's deposit scan has read (admin).
 */
export async function getReconciliation(ctx: Ctx, caller: Caller) {
  requireRole(caller, "admin");
  const chain = requireChain(ctx);
  const r = await getReserves(ctx);
  const cursors = await ctx.uow.run(systemActor, (repos) => Promise.all(r.networks.map((n) => repos.chain.getCursor("deposits", n.chainId))));
  const networks = r.networks.map((n, i) => ({
    chainId: n.chainId,
    name: n.name,
    confirmations: n.confirmations,
    treasuryOnChain: n.treasuryOnChain,
    deposited: n.deposited,
    depositsInSuspense: n.depositsInSuspense,
    withdrawn: n.withdrawn,
    pendingWithdrawals: n.pendingWithdrawals,
    scannedBlock: cursors[i]?.blockNumber ?? null,
    headBlock: n.block,
  }));
  const primary = networks.find((n) => n.chainId === chain.chainId) ?? networks[0]!;
  return {
    treasuryOnChain: r.treasuryOnChain,
    liabilities: r.liabilities.total,
    difference: r.difference,
    scannedBlock: primary.scannedBlock,
    headBlock: primary.headBlock,
    networks,
  };
}
