import { DomainError, isDemotion, type Role, type User } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

/**
 * The admin rows are locked before a demotion, so two admins demoting each other cannot leave none. A demotion
 * ends every session of the user (they sign in again with the new role); any other change is seen by their next
 * request.
 */
export async function setRole(ctx: Ctx, caller: Caller, userId: string, role: Role): Promise<User> {
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
}
