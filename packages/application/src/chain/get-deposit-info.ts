import { DomainError, type Hex } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { chainIdentity, requireChain } from "./chain-settings";
import { chainNetworksOf, networkIdentity } from "./networks";

/** Where and from which address the caller sends USDC to deposit it: the primary network, and every network. */
export async function getDepositInfo(ctx: Ctx, caller: Caller) {
  const chain = requireChain(ctx);
  const user = await ctx.uow.run(asUser(caller), (r) => r.users.findById(caller.id));
  if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
  return {
    ...chainIdentity(chain),
    confirmations: ctx.chain.confirmations,
    from: user.walletAddress as Hex,
    networks: chainNetworksOf(ctx).map(networkIdentity),
  };
}
