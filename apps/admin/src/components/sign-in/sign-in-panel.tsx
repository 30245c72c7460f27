"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPCClient } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { ErrorNotice } from "@/components/ui";
import { safeReturnPath } from "@caribex/contracts";
import { signInWithEthereum, type Signer } from "./siwe";

const BrowserWallet = dynamic(() => import("./browser-wallet"), {
  ssr: false,
  loading: () => <button type="button" disabled>Preparing wallet sign-in…</button>,
});

const DEV_LABELS = ["Admin", "Seller 1", "Seller 2", "Seller 3", "Shopper 1", "Shopper 2", "Shopper 3"] as const;

function walletError(e: unknown): ErrorView {
  const msg = e instanceof Error ? e.message : String(e);
  if (/reject|denied|cancel/i.test(msg) && !(e as { data?: unknown }).data) {
    return { code: null, message: "You declined the request in your wallet.", hint: "Try again when you are ready to sign.", status: null, fieldErrors: null };
  }
  if (/provider not found|no provider|not installed|ProviderNotFound/i.test(msg)) {
    return { code: null, message: "No browser wallet was found.", hint: "Install a wallet extension such as MetaMask, then reload this page.", status: null, fieldErrors: null };
  }
  return describeError(e);
}

export function SignInPanel({ next, devWallet, walletConnectProjectId }: { next: string | null; devWallet: boolean; walletConnectProjectId: string | null }) {
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  async function finish(signer: Signer, label: string) {
    setBusy(label);
    setError(null);
    try {
      await signInWithEthereum(client, signer);
      await queryClient.invalidateQueries();
      // "/" sends each role to its own home; a deep link comes back to where the person was going.
      router.replace(safeReturnPath(next));
      router.refresh();
    } catch (e) {
      setError(walletError(e));
      setBusy(null);
    }
  }

  async function signInAsDemo(label: string) {
    setBusy(label);
    try {
      // Loaded on demand so the test keys never ship in the bundle of a normal build.
      const { devSigner } = await import("./dev-accounts");
      await finish(devSigner(label), label);
    } catch (e) {
      setError(walletError(e));
      setBusy(null);
    }
  }

  return (
    <div className="auth-card">
      {error ? <ErrorNotice error={error} /> : null}
      {busy ? (
        <p role="status" className="muted">
          Signing in{busy === "wallet" ? "" : ` as ${busy}`}…
        </p>
      ) : null}
      <BrowserWallet
        busy={busy !== null}
        walletConnectProjectId={walletConnectProjectId}
        onSigner={(s) => finish(s, "wallet")}
        onError={(e) => setError(walletError(e))}
      />
      {devWallet ? (
        <section className="dev-wallet" aria-labelledby="dev-wallet-title">
          <h2 id="dev-wallet-title">Development wallet</h2>
          <p className="muted small">Demo accounts with public test keys. This panel does not exist in production.</p>
          <ul>
            {DEV_LABELS.map((label) => (
              <li key={label}>
                <button type="button" className="button-secondary" disabled={busy !== null} onClick={() => signInAsDemo(label)}>
                  Sign in as {label}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
