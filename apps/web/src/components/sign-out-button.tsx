"use client";

import { useState } from "react";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const signOut = async () => {
    setPending(true);
    try {
      const { signOut: end } = await import("@/lib/cart-actions");
      await end();
    } catch {
      // Whatever the server said, the page is left for the home page below.
    }
    // Nothing of this shopper may stay on screen.
    window.location.assign("/");
  };
  return (
    <button type="button" className="btn btn-secondary btn-small" onClick={() => void signOut()} disabled={pending}>
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
