"use client";

import { useEffect, useRef, useState } from "react";
import { hasCartIntent } from "@/lib/cart-intent-waiting";

/**
 * Carries out an "Add to cart" pressed before signing in, once the visitor is back signed in: the item lands
 * in the cart and they stay on the page they came from, told what happened. The code that does it loads only
 * when an intent is waiting.
 */
export function PendingCartIntent() {
  const started = useRef(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  useEffect(() => {
    if (started.current || !hasCartIntent()) return;
    started.current = true;
    void (async () => {
      const { carryOutCartIntent } = await import("@/lib/cart-actions");
      // Null while still signed out (on the sign-in page, say): the intent waits for the sign-in.
      const result = await carryOutCartIntent();
      if (result) setMessage(result);
      else started.current = false;
    })();
  }, []);

  if (!message) return null;
  return (
    <div className={message.kind === "ok" ? "alert alert-success" : "alert alert-error"} role="status" data-testid="cart-intent" style={{ marginBottom: "1rem" }}>
      <p style={{ margin: 0 }}>{message.text}</p>
    </div>
  );
}
