/** A shipping address in the buyer's address book. Countries are ISO 3166-1 alpha-2 codes ("JM"). */
export interface AddressFields {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
}

export interface Address extends AddressFields {
  id: string;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The copy an order keeps, so later edits to the address book do not rewrite where goods were sent. */
export function addressSnapshot(a: AddressFields): AddressFields {
  return {
    name: a.name,
    line1: a.line1,
    line2: a.line2,
    city: a.city,
    region: a.region,
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone,
  };
}
