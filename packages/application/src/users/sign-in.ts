import { assertWalletAddress, defaultUsername, DomainError, type User } from "@caribex/domain";
import { systemActor, type Ctx } from "../shared/deps";

/**
 * First sign-in creates a customer with an empty wallet per currency; later ones find the same user. A wallet the
 * operator listed in ADMIN_WALLETS is an admin whenever it signs in, even after a demotion.
 */
export function signIn(ctx: Ctx, walletAddress: string): Promise<{ user: User; created: boolean }> {
  const address = assertWalletAddress(walletAddress);
  return ctx.uow.run(systemActor, async (repos) => {
    const result = await repos.users.upsertByAddress(address, defaultUsername(address));
    if (result.user.suspendedAt) {
      throw new DomainError("AUTH.SUSPENDED", "This account is suspended. Contact support if you think this is a mistake.", {
        since: result.user.suspendedAt.toISOString(),
      });
    }
    await repos.ledger.ensureWallets(result.user.id);
    if (result.user.role !== "admin" && ctx.adminWallets.has(address)) {
      const admin = await repos.users.setRole(result.user.id, "admin");
      if (admin) return { ...result, user: admin };
    }
    return result;
  });
}
