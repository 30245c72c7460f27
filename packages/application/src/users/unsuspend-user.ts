import { DomainError, type User } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { listingsChanged } from "./listings-changed";

/** Lifts a suspension: the user may sign in again (their old sessions stay ended). */
export async function unsuspendUser(ctx: Ctx, caller: Caller, userId: string): Promise<User> {
  requireRole(caller, "admin");
  const { user, productIds } = await ctx.uow.run({ kind: "system", onBehalfOf: caller.id }, async (repos) => {
    if (!(await repos.users.lockById(userId))) throw new DomainError("USER.NOT_FOUND", "No such user");
    return { user: await repos.users.setSuspension(userId, null), productIds: await repos.products.idsOfSeller(userId) };
  });
  if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
  await ctx.sessions.userChanged(user.id);
  await listingsChanged(ctx, productIds);
  return user;
}
