import type { StoreRate } from "@/components/approx-price";
import { getApi } from "./trpc/server";

/** The latest exchange rates for "≈ JMD" prices; a page still renders (without them) if they cannot be read. */
export async function loadRates(): Promise<StoreRate[]> {
  try {
    return (await (await getApi()).fx.latest.query()).rates;
  } catch {
    return [];
  }
}
