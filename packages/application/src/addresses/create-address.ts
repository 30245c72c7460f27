import type { Address } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { addressFields, type AddressInput } from "./address-fields";

export function createAddress(ctx: Ctx, caller: Caller, input: AddressInput): Promise<Address> {
  return ctx.uow.run(asUser(caller), (repos) => repos.addresses.create(caller.id, addressFields(input)));
}
