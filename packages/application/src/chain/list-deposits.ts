import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireChain } from "./chain-settings";
import { chainNetworksOf, headOrNull } from "./networks";
import { depositView, type DepositView } from "./views";

/** The caller's latest deposits on every network, the pending ones with their confirmations so far. */
export async function listDeposits(ctx: Ctx, caller: Caller): Promise<DepositView[]> {
  requireChain(ctx);
  const networks = chainNetworksOf(ctx);
  const known = new Set(networks.map((n) => n.chain.chainId));
  const rows = (await ctx.uow.run(asUser(caller), (r) => r.chain.listDeposits({ userId: caller.id, limit: 50 }))).filter((d) => known.has(d.chainId));
  // Each network's head and depth, asked only where a deposit is still pending.
  const heads = new Map<number, bigint | null>();
  await Promise.all(
    networks
      .filter((n) => rows.some((d) => d.chainId === n.chain.chainId && d.status === "pending"))
      .map(async (n) => heads.set(n.chain.chainId, await headOrNull(n.chain))),
  );
  return rows.map((d) => {
    const network = networks.find((n) => n.chain.chainId === d.chainId)!;
    return depositView(d, heads.get(d.chainId) ?? null, network.confirmations);
  });
}
