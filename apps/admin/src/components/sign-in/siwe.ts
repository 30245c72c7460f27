import type { TRPCClient } from "@trpc/client";
import { createSiweMessage } from "viem/siwe";
import type { Address } from "viem";
import type { AppRouter } from "@/lib/trpc/types";

export interface Signer {
  address: Address;
  chainId: number;
  signMessage: (message: string) => Promise<`0x${string}`>;
}

/**
 * Sign-In With Ethereum: take a nonce from the API, have the wallet sign an EIP-4361 message bound to this
 * dashboard's address, and trade it for a session cookie.
 */
export async function signInWithEthereum(client: TRPCClient<AppRouter>, signer: Signer) {
  const { nonce } = await client.auth.nonce.query();
  const now = new Date();
  const message = createSiweMessage({
    domain: window.location.host,
    uri: window.location.origin,
    address: signer.address,
    chainId: signer.chainId,
    version: "1",
    nonce,
    statement: "Sign in to CaribEX",
    issuedAt: now,
    expirationTime: new Date(now.getTime() + 5 * 60_000),
  });
  const signature = await signer.signMessage(message);
  return client.auth.signIn.mutate({ message, signature });
}
