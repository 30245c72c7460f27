import { DomainError, type AddressFields } from "@caribex/domain";

/** What create and update take; optional parts may be left out. */
export type AddressInput = Omit<AddressFields, "line2" | "region" | "postalCode" | "phone"> &
  Partial<Pick<AddressFields, "line2" | "region" | "postalCode" | "phone">>;

export const addressNotFound = () => new DomainError("ADDRESS.NOT_FOUND", "No such address");

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
