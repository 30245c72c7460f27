import type { Metadata } from "next";
import { getViewer } from "@/lib/trpc/server";
import { CartView } from "./cart-view";
import { GuestCartView } from "./guest-cart-view";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  // Signed out, the cart this browser keeps until sign-in.
  const viewer = await getViewer();
  return (
    <>
      <h1>Your cart</h1>
      {viewer ? <CartView /> : <GuestCartView />}
    </>
  );
}
