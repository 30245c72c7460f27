import type { Balance, Currency, Hex, NetworkFlows, UsdcLiabilities } from "@caribex/domain";
import { systemActor, type Ctx } from "../shared/deps";
import { chainIdentity, requireChain } from "./chain-settings";
import { chainNetworksOf } from "./networks";

/** One network's treasury on chain, and what the ledger recorded moving through it. */
export interface NetworkReserves extends NetworkFlows {
  chainId: number;
  name: string;
  tokenAddress: Hex;
  treasuryAddress: Hex;
  confirmations: number;
  treasuryOnChain: bigint;
  /** The head block the balance was read at. */
  block: bigint;
}

export interface Reserves {
  /** The primary network's identity (the first configured network). */
  chainId: number;
  tokenAddress: Hex;
  treasuryAddress: Hex;
  /** The treasury's USDC on every network together. */
  treasuryOnChain: bigint;
  liabilities: UsdcLiabilities;
  /** `treasuryOnChain - liabilities.total`: every network's USDC against the one USDC balance it all backs. */
  difference: bigint;
  /** The primary network's head block. */
  block: bigint;
  networks: NetworkReserves[];
  /** The house float of every currency (conversions); USDC's is counted in `liabilities`, backed on chain. */
  houseFloats: Balance[];
  /** What the ledger owes in each currency. */
  liabilitiesByCurrency: { currency: Currency; users: bigint; escrow: bigint; total: bigint }[];
}

/** What the treasury holds on chain, per network and in total, against what the ledger owes in USDC. */
export async function getReserves(ctx: Ctx): Promise<Reserves> {
  const chain = requireChain(ctx);
  const [networks, [liabilities, houseFloats, liabilitiesByCurrency]] = await Promise.all([
    Promise.all(
      chainNetworksOf(ctx).map(async (n): Promise<NetworkReserves> => {
        const [treasuryOnChain, block, flows] = await Promise.all([
          n.chain.tokenBalance(n.chain.treasuryAddress),
          n.chain.headBlock(),
          ctx.uow.run(systemActor, (r) => r.chain.networkFlows(n.chain.chainId)),
        ]);
        return { ...chainIdentity(n.chain), name: n.name, confirmations: n.confirmations, treasuryOnChain, block, ...flows };
      }),
    ),
    ctx.uow.run(systemActor, (r) => Promise.all([r.chain.usdcLiabilities(), r.fx.houseFloats(), r.fx.liabilitiesByCurrency()])),
  ]);
  const treasuryOnChain = networks.reduce((sum, n) => sum + n.treasuryOnChain, 0n);
  const primary = networks.find((n) => n.chainId === chain.chainId) ?? networks[0]!;
  return {
    ...chainIdentity(chain),
    treasuryOnChain,
    liabilities,
    difference: treasuryOnChain - liabilities.total,
    block: primary.block,
    networks,
    houseFloats,
    liabilitiesByCurrency,
  };
}
