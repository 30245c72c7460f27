import { DomainError, type ChainPort } from "@caribex/domain";
import type { ChainNetworkSettings, Ctx } from "../shared/deps";

export type { ChainNetworkSettings } from "../shared/deps";

/** The networks USDC is on, primary first; empty when the chain features are off. */
export function chainNetworksOf(ctx: Ctx): readonly ChainNetworkSettings[] {
  if (ctx.chain.networks && ctx.chain.networks.length > 0) return ctx.chain.networks;
  const chain = ctx.chain.chain;
  return chain ? [{ name: chain.name ?? `Chain ${chain.chainId}`, chain, confirmations: ctx.chain.confirmations }] : [];
}

/** The network with this chain id, or a refusal naming the ones there are. */
export function chainNetworkOf(ctx: Ctx, chainId: number): ChainNetworkSettings {
  const networks = chainNetworksOf(ctx);
  const found = networks.find((n) => n.chain.chainId === chainId);
  if (!found) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `USDC is not on chain ${chainId} here`, {
      field: "network",
      chainIds: networks.map((n) => n.chain.chainId),
    });
  }
  return found;
}

/** The head block, or null when the chain cannot be reached (reads then show what the database knows). */
export async function headOrNull(chain: ChainPort): Promise<bigint | null> {
  try {
    return await chain.headBlock();
  } catch {
    return null;
  }
}

/** Which network, token and treasury to send to: what the apps show next to an address, for one network. */
export const networkIdentity = (n: ChainNetworkSettings) => ({
  chainId: n.chain.chainId,
  name: n.name,
  tokenAddress: n.chain.tokenAddress,
  treasuryAddress: n.chain.treasuryAddress,
  confirmations: n.confirmations,
});
