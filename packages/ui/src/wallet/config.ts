import { createConfig, http, injected, type Config, type CreateConnectorFn } from "wagmi";
import type { Chain } from "viem";
import { walletConnect } from "wagmi/connectors";

// Names people recognise for the chains the server may accept; any other id is shown as "chain <id>".
const CHAIN_NAMES: Record<number, string> = {
  1: "Ethereum",
  10: "OP Mainnet",
  137: "Polygon",
  8453: "Base",
  42161: "Arbitrum One",
  84532: "Base Sepolia",
  11155111: "Sepolia",
  31337: "CaribEX development chain",
};

export function chainName(id: number): string {
  return CHAIN_NAMES[id] ?? `chain ${id}`;
}

/** A chain as wagmi needs it: signing needs no RPC node, so no URL is configured (the wallet uses its own). */
function chainOf(id: number): Chain {
  return {
    id,
    name: chainName(id),
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  };
}

/**
 * wagmi for sign-in and wallet pages: the chains the server accepts for sign-in, every wallet that announces
 * itself (EIP-6963, on by default) and the legacy `window.ethereum` as one more injected wallet. WalletConnect is
 * not a standing connector (it would open its relay connection on every visit); `mobileWallet` creates it when
 * the person picks it. The last wallet used is remembered in localStorage so the connection comes back on return.
 */
export function makeWagmiConfig(chainIds: readonly number[]): Config {
  const ids = chainIds.length ? chainIds : [1];
  const chains = ids.map(chainOf) as [Chain, ...Chain[]];
  return createConfig({
    chains,
    connectors: [injected()],
    multiInjectedProviderDiscovery: true,
    transports: Object.fromEntries(chains.map((c) => [c.id, http()])),
    ssr: true,
  });
}

/**
 * WalletConnect for a phone wallet: no modal of its own (the page shows the pairing link as a QR code or a deep
 * link); `onUri` receives the `wc:` link once the relay handed out a pairing.
 */
export function mobileWallet(projectId: string, appName: string, onUri: (uri: string) => void): CreateConnectorFn {
  const create = walletConnect({
    projectId,
    showQrModal: false,
    metadata: {
      name: appName,
      description: `${appName}: sign in with your wallet`,
      url: typeof window === "undefined" ? "" : window.location.origin,
      icons: [],
    },
  });
  return ((cfg: Parameters<typeof create>[0]) => {
    cfg.emitter.on("message", (m) => {
      if (m.type === "display_uri" && typeof m.data === "string") onUri(m.data);
    });
    return create(cfg);
  }) as CreateConnectorFn;
}

/** A refusal by the person in their wallet (EIP-1193 code 4001), wherever it sits in the error's causes. */
export function isRejection(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (code === 4001 || name === "UserRejectedRequestError") return true;
    if (typeof message === "string" && /user rejected|user denied|rejected the request/i.test(message)) return true;
    if (e === (e as { cause?: unknown }).cause) break;
  }
  return false;
}
