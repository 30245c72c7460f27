"use client";

import { WagmiProvider, createConfig, http, useConnect, useSignMessage } from "wagmi";
import { mainnet } from "wagmi/chains";
import { injected } from "wagmi/connectors";
import type { Signer } from "./siwe";

// Only the injected provider (MetaMask and friends): signing needs no RPC, so no transport is ever called.
const config = createConfig({
  chains: [mainnet],
  connectors: [injected()],
  transports: { [mainnet.id]: http() },
  ssr: true,
});

interface Props {
  busy: boolean;
  onSigner: (signer: Signer) => void;
  onError: (error: unknown) => void;
}

function ConnectButton({ busy, onSigner, onError }: Props) {
  const connect = useConnect();
  const sign = useSignMessage();
  const connector = config.connectors[0]!;

  async function start() {
    try {
      const { accounts, chainId } = await connect.mutateAsync({ connector });
      const address = accounts[0];
      if (!address) throw new Error("The wallet shared no account.");
      onSigner({ address, chainId, signMessage: (message) => sign.mutateAsync({ message, account: address }) });
    } catch (e) {
      onError(e);
    }
  }

  return (
    <button type="button" onClick={start} disabled={busy || connect.isPending}>
      {connect.isPending ? "Waiting for your wallet…" : "Sign in with your wallet"}
    </button>
  );
}

/** Mounted only on the sign-in page, so wagmi stays out of every other screen. */
export default function BrowserWallet(props: Props) {
  return (
    <WagmiProvider config={config}>
      <ConnectButton {...props} />
    </WagmiProvider>
  );
}
