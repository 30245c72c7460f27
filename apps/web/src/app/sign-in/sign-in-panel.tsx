"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { BlockSkeleton } from "@/components/skeletons";

// Wallet libraries are heavy: they load only when a visitor is actually signing in.
const BrowserWallet = dynamic(() => import("./browser-wallet"), { ssr: false, loading: () => <BlockSkeleton lines={2} label="Loading wallet" /> });
// The development wallet signs with publicly known test keys: it exists in development, and in a production
// build only when the build asks for it. Written inline so the bundler can drop the import when it is off.
const DevWallet =
  // eslint-disable-next-line no-restricted-syntax -- build-time flags, inlined by Next
  process.env.NODE_ENV !== "production" || process.env.NEXT_PUBLIC_DEV_WALLET === "true"
    ? dynamic(() => import("./dev-wallet"), { ssr: false, loading: () => <BlockSkeleton lines={3} label="Loading development wallet" /> })
  : null;

export function SignInPanel({ next }: { next: string }) {
  const [useBrowserWallet, setUseBrowserWallet] = useState(false);
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="browser-wallet-title">
        <h2 id="browser-wallet-title">Browser wallet</h2>
        <p className="hint">MetaMask, Rabby, Coinbase Wallet or any wallet extension.</p>
        {useBrowserWallet ? (
          <BrowserWallet next={next} />
        ) : (
          <button type="button" className="btn" onClick={() => setUseBrowserWallet(true)}>
            Connect a wallet
          </button>
        )}
      </section>
      {DevWallet && <DevWallet next={next} />}
    </div>
  );
}
