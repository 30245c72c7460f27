"use client";

import { useState } from "react";
import { connectInjectedWallet, WalletNotFoundError } from "@caribex/client";
import { useSiweSignIn } from "@/lib/siwe";
import { Providers } from "@/lib/trpc/client";
import { ErrorAlert } from "@/components/error-alert";

/** The injected wallet (MetaMask and friends) through the client kit; signing needs no RPC node. */
// Loaded only when a visitor signs in, with the query stack it signs in through.
export default function BrowserWallet({ next }: { next: string }) {
  return (
    <Providers>
      <BrowserWalletPanel next={next} />
    </Providers>
  );
}

function BrowserWalletPanel({ next }: { next: string }) {
  const { signIn, busy, error } = useSiweSignIn(next);
  const [problem, setProblem] = useState<string | null>(null);
  const [connecting, setConnecting] = useState(false);

  const start = async () => {
    setProblem(null);
    setConnecting(true);
    try {
      const signer = await connectInjectedWallet();
      setConnecting(false);
      await signIn(signer);
    } catch (err) {
      setConnecting(false);
      setProblem(
        err instanceof WalletNotFoundError
          ? "No wallet extension was found in this browser. Install MetaMask or a similar wallet, then reload."
          : err instanceof Error && /reject|denied/i.test(err.message)
            ? "You declined the connection request in your wallet."
            : "Could not connect to your wallet. Unlock it and try again.",
      );
    }
  };

  return (
    <div className="stack">
      <button type="button" className="btn" onClick={start} disabled={busy || connecting}>
        {connecting ? "Waiting for wallet…" : busy ? "Signing in…" : "Sign in with browser wallet"}
      </button>
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorAlert error={error} />}
    </div>
  );
}
