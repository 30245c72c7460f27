import type { Metadata } from "next";
import { requireViewer } from "@/lib/trpc/server";
import { OrderList } from "./order-list";

export const metadata: Metadata = { title: "Your orders" };

export default async function OrdersPage() {
  await requireViewer("/orders");
  return (
    <>
      <h1>Your orders</h1>
      <OrderList />
    </>
  );
}
