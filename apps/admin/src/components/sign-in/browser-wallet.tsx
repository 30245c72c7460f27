"use client";

import { useState } from "react";
import { connectInjectedWallet } from "@caribex/client";
import type { Signer } from "./siwe";

interface Props {
  busy: boolean;
  onSigner: (signer: Signer) => void;
  onError: (error: unknown) => void;
}

/** The injected wallet (MetaMask and friends) through the client kit; signing needs no RPC node. */
export default function BrowserWallet({ busy, onSigner, onError }: Props) {
  const [waiting, setWaiting] = useState(false);

  async function start() {
    setWaiting(true);
    try {
      onSigner(await connectInjectedWallet());
    } catch (e) {
      onError(e);
    } finally {
      setWaiting(false);
    }
  }

  return (
    <button type="button" onClick={start} disabled={busy || waiting}>
      {waiting ? "Waiting for your wallet…" : "Sign in with your wallet"}
    </button>
  );
}
