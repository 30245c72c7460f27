import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/trpc/server";
import { OrderDetail } from "./order-detail";

export const metadata: Metadata = { title: "Order" };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer(`/orders/${encodeURIComponent(id)}`);
  if (!GUID.test(id)) notFound();
  return <OrderDetail id={id} />;
}
