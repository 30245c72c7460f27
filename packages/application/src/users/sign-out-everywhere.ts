import { DomainError } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

/** An administrator signs a user out everywhere: every session ends and its streams close. */
export async function signOutEverywhere(ctx: Ctx, caller: Caller, userId: string): Promise<void> {
  requireRole(caller, "admin");
  const user = await ctx.uow.run({ kind: "system", onBehalfOf: caller.id }, (repos) => repos.users.findById(userId));
  if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
  await ctx.sessions.endAllForUser(user.id);
}
