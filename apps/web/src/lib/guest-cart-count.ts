"use client";

import { useEffect, useState } from "react";
import { GUEST_CART_EVENT, GUEST_CART_KEY, guestCartCount } from "./guest-cart-waiting";

/** How many items of the guest cart (of one product, when given); follows changes in this tab and in others. */
export function useGuestCount(enabled: boolean, productId?: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const read = () => setCount(guestCartCount(productId));
    const onStorage = (e: StorageEvent) => {
      if (e.key === null || e.key === GUEST_CART_KEY) read();
    };
    read();
    window.addEventListener(GUEST_CART_EVENT, read);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener(GUEST_CART_EVENT, read);
      window.removeEventListener("storage", onStorage);
    };
  }, [enabled, productId]);
  return enabled ? count : 0;
}
