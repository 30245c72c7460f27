import type { TRPCClient } from "@trpc/client";
import { signInWithSigner, type SiweSigner } from "@caribex/client";
import type { AppRouter } from "@/lib/trpc/types";

export type Signer = SiweSigner;

/**
 * Sign-In With Ethereum through the client kit: a nonce from the API, an EIP-4361 message bound to this
 * dashboard's address and a chain the API accepts, the wallet's signature, a session cookie.
 */
export function signInWithEthereum(client: TRPCClient<AppRouter>, signer: Signer) {
  return signInWithSigner(client, signer, { origin: window.location.origin });
}
