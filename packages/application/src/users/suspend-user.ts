import { DomainError, suspensionRefusal, type User } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { listingsChanged } from "./listings-changed";

/**
 * An admin suspends a user: from the commit on they cannot sign in or move money (the database refuses their
 * ledger postings too), and every session they have ends at once. Suspending again keeps the first time and takes
 * the new reason.
 */
export async function suspendUser(ctx: Ctx, caller: Caller, userId: string, reason: string): Promise<User> {
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
  await listingsChanged(ctx, productIds);
  return user;
}
