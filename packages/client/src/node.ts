/**
 * Helpers for scripts, services and tests that talk to CaribEX as a user from Node: a cookie jar for fetch,
 * and Sign-In With Ethereum with a local account (a viem `privateKeyToAccount`). Browsers keep cookies
 * themselves and sign with a wallet instead.
 *
 *   const api = createCaribexClient({ url: "http://127.0.0.1:8080/trpc", fetch: cookieJarFetch() });
 *   const { user } = await signInWithEthereum(api, privateKeyToAccount(key), { origin: "http://localhost:3000" });
 */
import { signInWithSigner, type SiweApi } from "./siwe";

export { cookieHeader, cookieJarFetch } from "./cookies";
export { withNodeSubscriptions } from "./node-sse";

/** A local account, e.g. viem's `privateKeyToAccount(key)`. */
export interface LocalSigner {
  address: `0x${string}`;
  signMessage(args: { message: string }): Promise<`0x${string}`>;
}

export interface SignInOptions {
  /** The site the message is bound to (its host is the EIP-4361 domain); one of the server's allowed origins. */
  origin: string;
  /** A chain the server accepts; by default the first one `auth.nonce` lists. */
  chainId?: number;
  statement?: string;
}

/**
 * Signs in through the API with a local account: nonce, EIP-4361 message for a chain the server accepts,
 * signature, session. The client must carry cookies (`cookieJarFetch`).
 */
export function signInWithEthereum<TSession>(api: SiweApi<TSession>, account: LocalSigner, opts: SignInOptions): Promise<TSession> {
  return signInWithSigner(
    api,
    {
      address: account.address,
      ...(opts.chainId !== undefined ? { chainId: opts.chainId } : {}),
      signMessage: (message) => account.signMessage({ message }),
    },
    { origin: opts.origin, ...(opts.statement ? { statement: opts.statement } : {}) },
  );
}
