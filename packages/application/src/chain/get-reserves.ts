import type { Hex, UsdcLiabilities } from "@caribex/domain";
import { systemActor, type Ctx } from "../shared/deps";
import { chainIdentity, requireChain } from "./chain-settings";

export interface Reserves {
  chainId: number;
  tokenAddress: Hex;
  treasuryAddress: Hex;
  treasuryOnChain: bigint;
  liabilities: UsdcLiabilities;
  difference: bigint;
  block: bigint;
}

/** What the treasury holds on chain against what the ledger owes in USDC. */
export async function getReserves(ctx: Ctx): Promise<Reserves> {
  const chain = requireChain(ctx);
  const [treasuryOnChain, block, liabilities] = await Promise.all([
    chain.tokenBalance(chain.treasuryAddress),
    chain.headBlock(),
    ctx.uow.run(systemActor, (r) => r.chain.usdcLiabilities()),
  ]);
  return {
    ...chainIdentity(chain),
    treasuryOnChain,
    liabilities,
    difference: treasuryOnChain - liabilities.total,
    block,
  };
}
