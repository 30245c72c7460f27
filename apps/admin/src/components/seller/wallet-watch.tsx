"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { WalletSessionWatch } from "@caribex/ui/wallet-watch";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { ErrorNotice } from "@/components/ui";
import { signInWithEthereum, type Signer } from "@/components/sign-in/siwe";

const CLASSES = { button: "button", secondary: "button-secondary", error: "notice notice-error", info: "notice", hint: "muted small" };

/** The wallet wagmi reconnects on return, compared with the session: a switched account gets a choice, never a silent swap. */
export default function WalletWatch({ me }: { me: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const chains = useQuery({ ...trpc.auth.chains.queryOptions(), staleTime: Infinity, select: (r) => r.chainIds });
  if (!chains.data) return null;

  const signInAs = async (signer: Signer) => {
    setBusy(true);
    setError(null);
    try {
      await signInWithEthereum(client, signer);
      queryClient.clear();
      // A full load: every part of the page now belongs to the new session, whatever its role.
      window.location.assign("/");
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  const signOut = async () => {
    await client.auth.signOut.mutate().catch(() => undefined);
    queryClient.clear();
    window.location.assign("/sign-in");
  };
  return (
    <>
      <WalletSessionWatch chainIds={chains.data} signedInAs={me} onSignInAs={signInAs} onSignOut={signOut} busy={busy} classes={CLASSES} />
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
