"use client";

import { lazy, Suspense } from "react";
import { useHydrated } from "@/lib/hydrated";

// wagmi loads on this page (where a wallet sends) after hydration, never on the catalogue's pages.
const WalletWatch = lazy(() => import("./wallet-watch"));

/** Tells the shopper when the wallet they signed in with has switched to another account. */
export function FollowWallet({ me }: { me: string }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <Suspense fallback={null}>
      <WalletWatch me={me} />
    </Suspense>
  );
}
