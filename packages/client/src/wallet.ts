import { createWalletClient, custom, type EIP1193Provider } from "viem";
import type { SiweSigner } from "./siwe";

/** No wallet extension injected a provider into this page. */
export class WalletNotFoundError extends Error {
  override name = "WalletNotFoundError";
  constructor() {
    super("No browser wallet was found: the provider is not installed");
  }
}

/**
 * Connects the browser's injected wallet (MetaMask and friends, EIP-1193): asks for an account, reads the
 * wallet's chain, and signs through it. Signing needs no RPC node. Rejections by the person come back as the
 * wallet's errors (code 4001, "User rejected the request").
 */
export async function connectInjectedWallet(provider?: EIP1193Provider): Promise<SiweSigner> {
  const injected = provider ?? (globalThis as { ethereum?: EIP1193Provider }).ethereum;
  if (!injected) throw new WalletNotFoundError();
  const wallet = createWalletClient({ transport: custom(injected) });
  const [address] = await wallet.requestAddresses();
  if (!address) throw new Error("The wallet shared no account");
  const chainId = await wallet.getChainId();
  return { address, chainId, signMessage: (message) => wallet.signMessage({ account: address, message }) };
}
