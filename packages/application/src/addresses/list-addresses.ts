import type { Address } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";

/** The caller's address book. Every query names the owner, and row-level security repeats it. */
export function listAddresses(ctx: Ctx, caller: Caller): Promise<Address[]> {
  return ctx.uow.run(asUser(caller), (repos) => repos.addresses.list(caller.id));
}
