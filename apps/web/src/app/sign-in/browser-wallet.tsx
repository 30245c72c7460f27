"use client";

import { useState } from "react";
import { createConfig, http, WagmiProvider, useConnect, useSignMessage } from "wagmi";
import { injected } from "wagmi/connectors";
import { mainnet } from "wagmi/chains";
import { useSiweSignIn } from "@/lib/siwe";
import { ErrorAlert } from "@/components/error-alert";

// WalletConnect needs its own provider package and a project id; the injected connector covers extensions.
const config = createConfig({
  chains: [mainnet],
  connectors: [injected()],
  transports: { [mainnet.id]: http() },
  ssr: false,
});

function Connect({ next }: { next: string }) {
  const connect = useConnect();
  const sign = useSignMessage();
  const { signIn, busy, error } = useSiweSignIn(next);
  const [problem, setProblem] = useState<string | null>(null);

  const start = async () => {
    setProblem(null);
    const connector = config.connectors[0];
    if (!connector) return;
    try {
      const { accounts, chainId } = await connect.mutateAsync({ connector });
      const address = accounts[0];
      if (!address) throw new Error("The wallet shared no account");
      await signIn({ address, chainId, signMessage: (message) => sign.mutateAsync({ message, account: address }) });
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      setProblem(
        name === "ProviderNotFoundError"
          ? "No wallet extension was found in this browser. Install MetaMask or a similar wallet, then reload."
          : err instanceof Error && /reject|denied/i.test(err.message)
            ? "You declined the connection request in your wallet."
            : "Could not connect to your wallet. Unlock it and try again.",
      );
    }
  };

  return (
    <div className="stack">
      <button type="button" className="btn" onClick={start} disabled={busy || connect.isPending}>
        {connect.isPending ? "Waiting for wallet…" : busy ? "Signing in…" : "Sign in with browser wallet"}
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

export default function BrowserWallet({ next }: { next: string }) {
  return (
    <WagmiProvider config={config} reconnectOnMount={false}>
      <Connect next={next} />
    </WagmiProvider>
  );
}
