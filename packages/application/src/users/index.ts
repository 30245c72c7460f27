import {
  assertWalletAddress,
  defaultUsername,
  DomainError,
  isDemotion,
  suspensionRefusal,
  type Actor,
  type Page,
  type Role,
  type User,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { pageRequest, requireRole } from "../shared/guards";

const SYSTEM_ACTOR: Actor = { kind: "system" };

export function usersService(ctx: Ctx) {
  /** A seller's suspension takes their listings out of the catalogue (and lifting it puts them back). */
  async function listingsChanged(productIds: string[]): Promise<void> {
    if (productIds.length === 0) return;
    await afterCommit(ctx, {
      emit: () => ctx.events.productsChanged({ productIds }),
      evict: productIds.map(cacheKeys.product),
      evictFamilies: [cacheKeys.productsFamily, cacheKeys.alsoBoughtFamily],
    });
  }

  return {
    findById(id: string): Promise<User | null> {
      return ctx.uow.run(SYSTEM_ACTOR, (repos) => repos.users.findById(id));
    },

    /**
     * First sign-in creates a customer with an empty wallet per currency; later ones find the same user. A wallet
     * the operator listed in ADMIN_WALLETS is an admin whenever it signs in, even after a demotion.
     */
    signIn(walletAddress: string): Promise<{ user: User; created: boolean }> {
      const address = assertWalletAddress(walletAddress);
      return ctx.uow.run(SYSTEM_ACTOR, async (repos) => {
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
    },

    async list(caller: Caller, q: { search?: string; role?: Role; page?: number; pageSize?: number } = {}): Promise<Page<User>> {
      // A service token reaches this only with the users:read scope (checked at the API).
      requireRole(caller, "admin", "service");
      const search = q.search?.trim() || undefined;
      return ctx.uow.run(asUser(caller), (repos) => repos.users.list({ ...pageRequest(q), search, role: q.role }));
    },

    /**
     * The admin rows are locked before a demotion, so two admins demoting each other cannot leave none. A
     * demotion ends every session of the user (they sign in again with the new role); any other change is seen
     * by their next request.
     */
    async setRole(caller: Caller, userId: string, role: Role): Promise<User> {
      requireRole(caller, "admin");
      const { user, previous } = await ctx.uow.run({ kind: "system", onBehalfOf: caller.id }, async (repos) => {
        if (role !== "admin") {
          const admins = await repos.users.lockAdmins();
          if (admins.includes(userId) && admins.length <= 1) {
            throw new DomainError("USER.LAST_ADMIN", "The last admin cannot be demoted");
          }
        }
        const before = await repos.users.lockById(userId);
        // Admins are never suspended (see suspend), so a suspended user is not made one.
        if (before?.suspendedAt && role === "admin") {
          throw new DomainError("AUTH.SUSPENDED", "A suspended user cannot be made an admin; lift the suspension first");
        }
        const updated = before ? await repos.users.setRole(userId, role) : null;
        if (!before || !updated) throw new DomainError("USER.NOT_FOUND", "No such user");
        return { user: updated, previous: before.role };
      });
      if (isDemotion(previous, user.role)) await ctx.sessions.endAllForUser(user.id);
      else if (previous !== user.role) await ctx.sessions.userChanged(user.id);
      return user;
    },

    /**
     * An admin suspends a user: from the commit on they cannot sign in or move money (the database refuses their
     * ledger postings too), and every session they have ends at once. Suspending again keeps the first time and
     * takes the new reason.
     */
    async suspend(caller: Caller, userId: string, reason: string): Promise<User> {
      requireRole(caller, "admin");
      const why = reason.trim();
      if (!why) throw new DomainError("VALIDATION.INVALID_INPUT", "Say why the user is suspended", { field: "reason" });
      const { user, productIds } = await ctx.uow.run({ kind: "system", onBehalfOf: caller.id }, async (repos) => {
        const target = await repos.users.lockById(userId);
        if (!target) throw new DomainError("USER.NOT_FOUND", "No such user");
        const refusal = suspensionRefusal(caller.id, target);
        if (refusal) throw new DomainError("USER.NOT_SUSPENDABLE", refusal);
        const updated = await repos.users.setSuspension(userId, { at: target.suspendedAt ?? ctx.clock.now(), reason: why });
        if (!updated) throw new DomainError("USER.NOT_FOUND", "No such user");
        return { user: updated, productIds: await repos.products.idsOfSeller(userId) };
      });
      await ctx.sessions.endAllForUser(user.id);
      await listingsChanged(productIds);
      return user;
    },

    /** Lifts a suspension: the user may sign in again (their old sessions stay ended). */
    async unsuspend(caller: Caller, userId: string): Promise<User> {
      requireRole(caller, "admin");
      const { user, productIds } = await ctx.uow.run({ kind: "system", onBehalfOf: caller.id }, async (repos) => {
        if (!(await repos.users.lockById(userId))) throw new DomainError("USER.NOT_FOUND", "No such user");
        return { user: await repos.users.setSuspension(userId, null), productIds: await repos.products.idsOfSeller(userId) };
      });
      if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
      await ctx.sessions.userChanged(user.id);
      await listingsChanged(productIds);
      return user;
    },

    /** An administrator signs a user out everywhere: every session ends and its streams close. */
    async signOutEverywhere(caller: Caller, userId: string): Promise<void> {
      requireRole(caller, "admin");
      const user = await ctx.uow.run({ kind: "system", onBehalfOf: caller.id }, (repos) => repos.users.findById(userId));
      if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
      await ctx.sessions.endAllForUser(user.id);
    },
  };
}
