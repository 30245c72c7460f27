import type { Page, Role, User } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { pageRequest, requireRole } from "../shared/guards";

/** Users, searched by name or address (admin). */
export async function listUsers(ctx: Ctx, caller: Caller, q: { search?: string; role?: Role; page?: number; pageSize?: number } = {}): Promise<Page<User>> {
  // A service token reaches this only with the users:read scope (checked at the API).
  requireRole(caller, "admin", "service");
  const search = q.search?.trim() || undefined;
  return ctx.uow.run(asUser(caller), (repos) => repos.users.list({ ...pageRequest(q), search, role: q.role }));
}
