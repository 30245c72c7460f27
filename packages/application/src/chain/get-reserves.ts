import type { Balance, Currency, Hex, UsdcLiabilities } from "@caribex/domain";
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
  /** The house float of every currency (conversions); USDC's is counted in `liabilities`, backed on chain. */
  houseFloats: Balance[];
  /** What the ledger owes in each currency. */
  liabilitiesByCurrency: { currency: Currency; users: bigint; escrow: bigint; total: bigint }[];
}

/** What the treasury holds on chain against what the ledger owes in USDC. */
export async function getReserves(ctx: Ctx): Promise<Reserves> {
  const chain = requireChain(ctx);
  const [treasuryOnChain, block, [liabilities, houseFloats, liabilitiesByCurrency]] = await Promise.all([
    chain.tokenBalance(chain.treasuryAddress),
    chain.headBlock(),
    ctx.uow.run(systemActor, (r) => Promise.all([r.chain.usdcLiabilities(), r.fx.houseFloats(), r.fx.liabilitiesByCurrency()])),
  ]);
  return {
    ...chainIdentity(chain),
    treasuryOnChain,
    liabilities,
    difference: treasuryOnChain - liabilities.total,
    block,
    houseFloats,
    liabilitiesByCurrency,
  };
}
