import { DomainError, type ChainPort } from "@caribex/domain";
import type { Ctx } from "../shared/deps";

export type { ChainSettings } from "../shared/deps";

/** The chain, or a clear refusal when deposits and withdrawals are off on this server. */
export function requireChain(ctx: Ctx): ChainPort {
  if (!ctx.chain.chain) throw new DomainError("CHAIN.UNAVAILABLE", "USDC deposits and withdrawals are not available on this server");
  return ctx.chain.chain;
}

/** Whether deposits and withdrawals are on, for the apps to say so instead of failing. */
export function chainStatus(ctx: Ctx): { enabled: boolean } {
  return { enabled: ctx.chain.chain !== null };
}

/** Which chain, token and treasury deposits go to: what the apps show next to an address to send to. */
export const chainIdentity = (chain: ChainPort) => ({ chainId: chain.chainId, tokenAddress: chain.tokenAddress, treasuryAddress: chain.treasuryAddress });
