import { displayDateTime, displayMoney, inReference, isCurrency, REFERENCE_CURRENCY, type FxRate } from "@caribex/domain";

/** Rates as the storefront receives them from fx.latest (without who set them). */
export type StoreRate = Omit<FxRate, "setBy">;

/**
 * "≈ JMD 13,995.25" beside a price in another currency, converted exactly at the latest rate; the rate and
 * its date are in the title. Nothing when the price is already in JMD or no rate is known.
 */
export function ApproxPrice({ price, currency, rates }: { price: bigint; currency: string; rates: readonly StoreRate[] }) {
  if (!isCurrency(currency) || currency === REFERENCE_CURRENCY) return null;
  const converted = inReference(price, currency, rates.map((r) => ({ ...r, setBy: null })));
  if (!converted?.rate) return null;
  const { rate } = converted;
  const perUnit = rate.base === currency ? `${rate.rate} ${rate.quote} per ${rate.base}` : `${rate.rate} ${rate.quote} per ${rate.base}, inverted`;
  const shown = displayMoney(converted.amount, REFERENCE_CURRENCY).replace(/^≈ /, "");
  return (
    <span className="hint approx-price" title={`At ${perUnit}, rate of ${displayDateTime(rate.asOf)}`} data-testid="approx-price">
      ≈ {shown}
    </span>
  );
}
