/**
 * Carriers sellers ship with most, and where a buyer follows a parcel. A carrier typed by hand that matches one
 * of these (by name, ignoring case and spacing) gets a tracking link; any other carrier is shown as typed.
 */
export interface KnownCarrier {
  name: string;
  /** Other spellings sellers use for the same carrier. */
  aliases: readonly string[];
  /** The carrier's public tracking page for a number; absent where the carrier has none. */
  trackingUrl?: (trackingNumber: string) => string;
}

const q = encodeURIComponent;

export const KNOWN_CARRIERS: readonly KnownCarrier[] = [
  { name: "Knutsford Express", aliases: ["knutsford"] },
  { name: "Jamaica Post", aliases: ["jampost", "postal corporation of jamaica"] },
  { name: "DHL", aliases: ["dhl express"], trackingUrl: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${q(n)}` },
  { name: "FedEx", aliases: ["federal express"], trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${q(n)}` },
  { name: "UPS", aliases: ["united parcel service"], trackingUrl: (n) => `https://www.ups.com/track?tracknum=${q(n)}` },
  { name: "USPS", aliases: ["us postal service", "united states postal service"], trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${q(n)}` },
];

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The known carrier a seller's free-text carrier names, if any. */
export function knownCarrier(carrier: string | null | undefined): KnownCarrier | null {
  if (!carrier) return null;
  const key = squash(carrier);
  if (!key) return null;
  return KNOWN_CARRIERS.find((c) => squash(c.name) === key || c.aliases.some((a) => squash(a) === key)) ?? null;
}

/** The page where the buyer follows this parcel, or null when the carrier is unknown or has no tracking page. */
export function trackingLink(carrier: string | null | undefined, trackingNumber: string | null | undefined): string | null {
  const number = trackingNumber?.trim();
  if (!number) return null;
  return knownCarrier(carrier)?.trackingUrl?.(number) ?? null;
}
