"use client";

import dynamic from "next/dynamic";

// wagmi loads on this page (where a seller pays out to their wallet), in the browser only.
const WalletWatch = dynamic(() => import("./wallet-watch"), { ssr: false });

/** Tells the seller when the wallet they signed in with has switched to another account. */
export function FollowWallet({ me }: { me: string }) {
  return <WalletWatch me={me} />;
}
