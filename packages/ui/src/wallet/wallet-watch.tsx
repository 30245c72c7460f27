"use client";

import { useState } from "react";
import { useConfig, useConnection } from "wagmi";
import { signMessage } from "wagmi/actions";
import { shortAddress } from "../format";
import { WalletProvider, type WalletClasses, type WalletSigner } from "./wallet-sign-in";

interface Props {
  chainIds: readonly number[];
  /** The address of the session on screen. */
  signedInAs: string;
  /** Signs in as the wallet's account (a fresh SIWE sign-in through the client kit). */
  onSignInAs(signer: WalletSigner): Promise<void> | void;
  onSignOut(): Promise<void> | void;
  busy: boolean;
  classes: WalletClasses;
}

/**
 * Follows the wallet the person signed in with (wagmi reconnects it on return): when its account is no longer the
 * session's, says so and offers to sign in as the new account or to sign out. The session never changes hands by
 * itself. Renders nothing while the two agree or no wallet is connected.
 */
export function WalletSessionWatch(props: Props) {
  return (
    <WalletProvider chainIds={props.chainIds}>
      <Watch {...props} />
    </WalletProvider>
  );
}

function Watch({ signedInAs, onSignInAs, onSignOut, busy, classes }: Props) {
  const config = useConfig();
  const { status, address, chainId, connector } = useConnection();
  const [pending, setPending] = useState(false);
  if (status !== "connected" || !address || !connector || address.toLowerCase() === signedInAs.toLowerCase()) return null;
  const run = async (action: () => Promise<void> | void) => {
    setPending(true);
    try {
      await action();
    } finally {
      setPending(false);
    }
  };
  return (
    <div className={classes.error} role="alert" aria-live="assertive">
      <p>
        Your wallet switched to account <span className="mono">{shortAddress(address)}</span>, but you are signed in as{" "}
        <span className="mono">{shortAddress(signedInAs)}</span>. Nothing is done with the new account until you choose.
      </p>
      <p>
        <button
          type="button"
          className={classes.button}
          disabled={busy || pending}
          onClick={() =>
            void run(() => onSignInAs({ address, chainId, signMessage: (message) => signMessage(config, { message, account: address, connector }) }))
          }
        >
          Sign in as {shortAddress(address)}
        </button>{" "}
        <button type="button" className={classes.secondary} disabled={busy || pending} onClick={() => void run(onSignOut)}>
          Sign out
        </button>
      </p>
    </div>
  );
}
