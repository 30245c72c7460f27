"use client";

import { useQuery } from "@tanstack/react-query";
import { WalletSessionWatch } from "@caribex/ui/wallet-watch";
import { useTRPC } from "@/lib/trpc/client";
import { useSiweSignIn } from "@/lib/siwe";
import { ErrorAlert } from "@/components/error-alert";
import { WALLET_CLASSES } from "@/lib/wallet-classes";

/** The wallet wagmi reconnects on return, compared with the session: a switched account gets a choice, never a silent swap. */
export default function WalletWatch({ me }: { me: string }) {
  const trpc = useTRPC();
  const { signIn, busy, error } = useSiweSignIn("/wallet");
  const chains = useQuery({ ...trpc.auth.chains.queryOptions(), staleTime: Infinity, select: (r) => r.chainIds });
  if (!chains.data) return null;
  const signOut = async () => {
    const { signOut: end } = await import("@/lib/cart-actions");
    await end().catch(() => undefined);
    window.location.assign("/");
  };
  return (
    <>
      <WalletSessionWatch chainIds={chains.data} signedInAs={me} onSignInAs={signIn} onSignOut={signOut} busy={busy} classes={WALLET_CLASSES} />
      {error && <ErrorAlert error={error} />}
    </>
  );
}
