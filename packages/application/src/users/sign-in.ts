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
      throw new DomainError("AUTH.SUSPENDED", suspendedMessage(result.user.suspensionReason, ctx.supportEmail), {
        since: result.user.suspendedAt.toISOString(),
        reason: result.user.suspensionReason,
        supportEmail: ctx.supportEmail,
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

/** The one thing a suspended user is told: that they are, why, and whom to write to. */
export function suspendedMessage(reason: string | null, supportEmail: string): string {
  const why = reason?.trim().replace(/[.!?]+$/, "");
  return `This account is suspended${why ? ` (reason: ${why})` : ""}. If you think this is a mistake, write to ${supportEmail}.`;
}
