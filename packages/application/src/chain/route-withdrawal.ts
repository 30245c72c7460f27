import { DomainError, formatAmount } from "@caribex/domain";
import { systemActor, type ChainNetworkSettings, type Ctx } from "../shared/deps";
import { chainNetworkOf, chainNetworksOf } from "./networks";

/** What a network's treasury can still pay: its token balance less the withdrawals already on their way out. */
export interface NetworkLiquidity {
  network: ChainNetworkSettings;
  /** Null when the network could not be asked (an RPC outage). */
  available: bigint | null;
}

/** Every network's liquidity, asked in parallel; a network that does not answer has `available: null`. */
export async function networkLiquidity(ctx: Ctx, networks: readonly ChainNetworkSettings[]): Promise<NetworkLiquidity[]> {
  return Promise.all(
    networks.map(async (network) => {
      try {
        const [balance, flows] = await Promise.all([
          network.chain.tokenBalance(network.chain.treasuryAddress),
          ctx.uow.run(systemActor, (r) => r.chain.networkFlows(network.chain.chainId)),
        ]);
        return { network, available: balance - flows.pendingWithdrawals };
      } catch {
        return { network, available: null };
      }
    }),
  );
}

const named = (n: ChainNetworkSettings) => `${n.name} (chain ${n.chain.chainId})`;

/**
 * The network a withdrawal of `amount` leaves on: the one named, or by default the one whose treasury has the most
 * liquidity. Refused with `CHAIN.INSUFFICIENT_LIQUIDITY`, naming the networks that could pay it, when the chosen
 * one cannot. With a single network and none named, the chain is not asked: that network is the only way out (an
 * underfunded treasury makes the transfer revert, and the withdrawal is refunded).
 */
export async function routeWithdrawal(ctx: Ctx, amount: bigint, chainId: number | undefined): Promise<ChainNetworkSettings> {
  const networks = chainNetworksOf(ctx);
  const chosen = chainId === undefined ? null : chainNetworkOf(ctx, chainId);
  if (!chosen && networks.length === 1) return networks[0]!;
  const liquidity = await networkLiquidity(ctx, networks);
  const canPay = liquidity.filter((l) => l.available !== null && l.available >= amount);
  const refuse = (what: string) => {
    const could = canPay.map((l) => l.network);
    throw new DomainError(
      "CHAIN.INSUFFICIENT_LIQUIDITY",
      could.length > 0
        ? `${what} cannot pay ${formatAmount(amount, "USDC")} USDC now; it can be paid on ${could.map(named).join(", ")}`
        : `No network can pay ${formatAmount(amount, "USDC")} USDC now; try a smaller amount or later`,
      { networks: could.map((n) => ({ chainId: n.chain.chainId, name: n.name })) },
    );
  };
  if (chosen) {
    const mine = liquidity.find((l) => l.network === chosen)!;
    if (mine.available === null) throw new DomainError("CHAIN.UNAVAILABLE", `${named(chosen)} cannot be reached; please try again later`);
    if (mine.available < amount) refuse(named(chosen));
    return chosen;
  }
  if (liquidity.every((l) => l.available === null)) throw new DomainError("CHAIN.UNAVAILABLE", "No USDC network can be reached; please try again later");
  // The most liquid network that answered; ties go to the earlier (primary first).
  const best = liquidity.reduce((a, b) => ((b.available ?? -1n) > (a.available ?? -1n) ? b : a));
  if (best.available === null || best.available < amount) refuse("No network");
  return best.network;
}
