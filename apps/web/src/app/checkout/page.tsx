import type { Metadata } from "next";
import { requireViewer } from "@/lib/trpc/server";
import { CheckoutView } from "./checkout-view";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  await requireViewer("/checkout");
  return (
    <>
      <h1>Checkout</h1>
      <CheckoutView />
    </>
  );
}
