import type { Metadata } from "next";
import { requireViewer } from "@/lib/trpc/server";
import { CartView } from "./cart-view";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  await requireViewer("/cart");
  return (
    <>
      <h1>Your cart</h1>
      <CartView />
    </>
  );
}
