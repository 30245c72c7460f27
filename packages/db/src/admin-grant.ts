import { defaultUsername, type User } from "@caribex/domain";
import type { Database } from "./client";
import { createRepositories } from "./repositories";
import { withActor } from "./uow";

export interface AdminGrant {
  user: User;
  /** The wallet had never signed in: its user was created here. */
  created: boolean;
  /** The user was not an admin before. */
  promoted: boolean;
}

/**
 * Makes each wallet (EIP-55 checksummed) an admin, creating its user and wallets as a first sign-in would. This is
 * how a production database gets its first admin (`pnpm admin:grant`, `ADMIN_WALLETS`); it is an operator's act,
 * so it runs as the system, not as a signed-in caller. One transaction: all of them or none.
 */
export async function grantAdmins(database: Database, walletAddresses: readonly string[]): Promise<AdminGrant[]> {
  if (walletAddresses.length === 0) return [];
  return withActor(database, { kind: "system" }, async (tx) => {
    const repos = createRepositories(tx);
    const grants: AdminGrant[] = [];
    for (const address of walletAddresses) {
      const { user, created } = await repos.users.upsertByAddress(address, defaultUsername(address));
      await repos.ledger.ensureWallets(user.id);
      if (user.role === "admin") {
        grants.push({ user, created, promoted: false });
        continue;
      }
      const promoted = await repos.users.setRole(user.id, "admin");
      if (!promoted) throw new Error("User vanished while being made an admin");
      grants.push({ user: promoted, created, promoted: true });
    }
    return grants;
  });
}
