"use client";

import { useEffect, useState } from "react";
import { guestCartCount, subscribeGuestCart } from "./guest-cart-waiting";

/** How many items of the guest cart (of one product, when given); follows changes in this tab and in others. */
export function useGuestCount(enabled: boolean, productId?: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const read = () => setCount(guestCartCount(productId));
    read();
    return subscribeGuestCart(read);
  }, [enabled, productId]);
  return enabled ? count : 0;
}
