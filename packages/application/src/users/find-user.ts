import type { User } from "@caribex/domain";
import { systemActor, type Ctx } from "../shared/deps";

/** A user by id, as the system (sessions look their user up with it). */
export function findUser(ctx: Ctx, id: string): Promise<User | null> {
  return ctx.uow.run(systemActor, (repos) => repos.users.findById(id));
}
