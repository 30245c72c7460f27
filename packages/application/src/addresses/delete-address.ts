import { asUser, type Caller, type Ctx } from "../shared/deps";
import { addressNotFound } from "./address-fields";

export async function deleteAddress(ctx: Ctx, caller: Caller, id: string): Promise<{ ok: true }> {
  const deleted = await ctx.uow.run(asUser(caller), (repos) => repos.addresses.delete(caller.id, id));
  if (!deleted) throw addressNotFound();
  return { ok: true };
}
