"use client";

import { useQuery } from "@tanstack/react-query";
import { WalletSignIn } from "@caribex/ui/wallet-sign-in";
import { useTRPC } from "@/lib/trpc/client";
import type { Signer } from "./siwe";

interface Props {
  busy: boolean;
  walletConnectProjectId: string | null;
  onSigner: (signer: Signer) => Promise<void>;
  onError: (error: unknown) => void;
}

const CLASSES = { button: "wallet-choice", secondary: "button-secondary", error: "notice notice-error", info: "notice", hint: "muted small" };

/**
 * Every wallet of this browser (EIP-6963, or the legacy `window.ethereum`) and, when configured, a phone wallet
 * through WalletConnect, all connected by wagmi; the client kit builds the SIWE message.
 */
export default function BrowserWallet({ busy, walletConnectProjectId, onSigner, onError }: Props) {
  const trpc = useTRPC();
  // The chains a SIWE message may name: the wallet is asked to switch when it sits on another one.
  const chains = useQuery({ ...trpc.auth.chains.queryOptions(), staleTime: Infinity, select: (r) => r.chainIds });
  if (chains.error) {
    onError(chains.error);
    return null;
  }
  if (!chains.data) {
    return (
      <button type="button" disabled>
        Preparing wallet sign-in…
      </button>
    );
  }
  return (
    <WalletSignIn
      chainIds={chains.data}
      walletConnectProjectId={walletConnectProjectId}
      appName="CaribEX Dashboard"
      busy={busy}
      onSigner={onSigner}
      classes={CLASSES}
    />
  );
}
