import type { Address } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { addressFields, addressNotFound, type AddressInput } from "./address-fields";

export async function updateAddress(ctx: Ctx, caller: Caller, id: string, input: AddressInput): Promise<Address> {
  const updated = await ctx.uow.run(asUser(caller), (repos) => repos.addresses.update(caller.id, id, addressFields(input)));
  if (!updated) throw addressNotFound();
  return updated;
}
