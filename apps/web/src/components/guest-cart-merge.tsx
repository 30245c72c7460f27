"use client";

import { useEffect, useRef, useState } from "react";
import { hasGuestCart } from "@/lib/guest-cart-waiting";

/**
 * Merges the cart kept before signing in into the shopper's own once they are signed in, and says what happened;
 * they stay on the page they came back to. The code that does it loads only when such a cart is waiting.
 */
export function GuestCartMerge() {
  const started = useRef(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  useEffect(() => {
    if (started.current || !hasGuestCart()) return;
    started.current = true;
    void (async () => {
      const { mergeGuestCart } = await import("@/lib/cart-actions");
      // Null while still signed out: the lines wait for the sign-in.
      const result = await mergeGuestCart().catch(() => null);
      if (result) setMessage(result);
      else started.current = false;
    })();
  }, []);

  if (!message) return null;
  return (
    <div className={message.kind === "ok" ? "alert alert-success" : "alert alert-error"} role="status" data-testid="cart-merged" style={{ marginBottom: "1rem" }}>
      <p style={{ margin: 0 }}>{message.text}</p>
    </div>
  );
}
