import { DomainError, type Address, type AddressFields } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";

/** What create and update take; optional parts may be left out. */
export type AddressInput = Omit<AddressFields, "line2" | "region" | "postalCode" | "phone"> &
  Partial<Pick<AddressFields, "line2" | "region" | "postalCode" | "phone">>;

const notFound = () => new DomainError("ADDRESS.NOT_FOUND", "No such address");

export const addressFields = (input: AddressInput): AddressFields => ({
  name: input.name,
  line1: input.line1,
  line2: input.line2 || null,
  city: input.city,
  region: input.region || null,
  postalCode: input.postalCode || null,
  country: input.country.toUpperCase(),
  phone: input.phone || null,
});

/** The caller's address book. Every query names the owner, and row-level security repeats it. */
export function addressesService(ctx: Ctx) {
  return {
    list(caller: Caller): Promise<Address[]> {
      return ctx.uow.run(asUser(caller), (repos) => repos.addresses.list(caller.id));
    },
    create(caller: Caller, input: AddressInput): Promise<Address> {
      return ctx.uow.run(asUser(caller), (repos) => repos.addresses.create(caller.id, addressFields(input)));
    },
    async update(caller: Caller, id: string, input: AddressInput): Promise<Address> {
      const updated = await ctx.uow.run(asUser(caller), (repos) => repos.addresses.update(caller.id, id, addressFields(input)));
      if (!updated) throw notFound();
      return updated;
    },
    async delete(caller: Caller, id: string): Promise<{ ok: true }> {
      const deleted = await ctx.uow.run(asUser(caller), (repos) => repos.addresses.delete(caller.id, id));
      if (!deleted) throw notFound();
      return { ok: true };
    },
  };
}
