"use client";

import { lazy, Suspense } from "react";
import { BlockSkeleton } from "@/components/skeletons";
import { useHydrated } from "@/lib/hydrated";

// Wallet libraries are heavy: they load only when a visitor is actually signing in. React's own lazy() rather than
// next/dynamic, whose loader would add about 1.5 KiB gzip to this page's first load.
const BrowserWallet = lazy(() => import("./browser-wallet"));
// The development wallet signs with publicly known test keys: it exists in development, and in a production
// build only when the build asks for it. A compile-time literal (src/env.ts), so the bundler drops the import when
// it is off.
const DevWallet = __DEV_WALLET_BUILD__ ? lazy(() => import("./dev-wallet")) : null;

export function SignInPanel({ next, walletConnectProjectId }: { next: string; walletConnectProjectId: string | null }) {
  // The wallets run in the browser only: the server's HTML (and hydration) show their placeholder.
  const hydrated = useHydrated();
  const devWalletLoading = <BlockSkeleton lines={3} label="Loading development wallet" />;
  const walletsLoading = <BlockSkeleton lines={2} label="Loading wallets" />;
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="browser-wallet-title">
        <h2 id="browser-wallet-title">Your wallet</h2>
        <p className="hint">
          Pick the wallet to sign with: each wallet extension in this browser (MetaMask, Rabby, Coinbase Wallet…)
          {walletConnectProjectId ? ", or “Mobile wallet” for a wallet app on your phone" : ""}.
        </p>
        {hydrated ? (
          <Suspense fallback={walletsLoading}>
            <BrowserWallet next={next} walletConnectProjectId={walletConnectProjectId} />
          </Suspense>
        ) : (
          walletsLoading
        )}
      </section>
      {DevWallet &&
        (hydrated ? (
          <Suspense fallback={devWalletLoading}>
            <DevWallet next={next} />
          </Suspense>
        ) : (
          devWalletLoading
        ))}
    </div>
  );
}
