"use client";

import { useQuery } from "@tanstack/react-query";
import { WalletSignIn } from "@caribex/ui/wallet-sign-in";
import { useSiweSignIn } from "@/lib/siwe";
import { Providers, useTRPC } from "@/lib/trpc/client";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { describeError } from "@/lib/errors";
import { WALLET_CLASSES } from "@/lib/wallet-classes";

/**
 * Every wallet of this browser (EIP-6963, or the legacy `window.ethereum`) and, when configured, a phone wallet
 * through WalletConnect, all connected by wagmi; the client kit builds and the server verifies the SIWE message.
 */
// Loaded only on the sign-in page, with the query stack it signs in through.
export default function BrowserWallet({ next, walletConnectProjectId }: { next: string; walletConnectProjectId: string | null }) {
  return (
    <Providers>
      <BrowserWalletPanel next={next} walletConnectProjectId={walletConnectProjectId} />
    </Providers>
  );
}

function BrowserWalletPanel({ next, walletConnectProjectId }: { next: string; walletConnectProjectId: string | null }) {
  const trpc = useTRPC();
  const { signIn, busy, error } = useSiweSignIn(next);
  // The chains a SIWE message may name: the wallet is asked to switch when it sits on another one.
  const chains = useQuery({ ...trpc.auth.chains.queryOptions(), staleTime: Infinity, select: (r) => r.chainIds });
  if (chains.error) return <ErrorAlert error={describeError(chains.error)} />;
  if (!chains.data) return <BlockSkeleton lines={2} label="Loading wallets" />;
  return (
    <div className="stack">
      <WalletSignIn
        chainIds={chains.data}
        walletConnectProjectId={walletConnectProjectId}
        appName="CaribEX"
        busy={busy}
        onSigner={signIn}
        classes={WALLET_CLASSES}
      />
      {busy && (
        <p className="hint" role="status">
          Signing in…
        </p>
      )}
      {error && <ErrorAlert error={error} />}
    </div>
  );
}
