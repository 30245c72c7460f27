/** A postal address as it is printed on a parcel, one line per part. */
export interface AddressView {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
}

export function AddressLines({ address }: { address: AddressView }) {
  const cityLine = [address.city, address.region, address.postalCode].filter(Boolean).join(", ");
  return (
    <address className="address-lines">
      <strong>{address.name}</strong>
      <br />
      {address.line1}
      {address.line2 && (
        <>
          <br />
          {address.line2}
        </>
      )}
      <br />
      {cityLine}
      <br />
      {address.country}
      {address.phone && (
        <>
          <br />
          {address.phone}
        </>
      )}
    </address>
  );
}
