import type { Metadata } from "next";
import { requireViewer } from "@/lib/trpc/server";
import { PlacedView } from "./placed-view";

export const metadata: Metadata = { title: "Order placed" };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The confirmation after checkout, at an address of its own so a refresh or a shared tab still shows it. */
export default async function PlacedPage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const { ids } = await searchParams;
  await requireViewer(`/orders/placed${ids ? `?ids=${encodeURIComponent(ids)}` : ""}`);
  const orderIds = [...new Set((ids ?? "").split(","))].filter((id) => GUID.test(id)).slice(0, 50);
  return (
    <div className="stack">
      <h1>Thank you for your order</h1>
      <PlacedView ids={orderIds} />
    </div>
  );
}
