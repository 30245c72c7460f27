import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import type { AppRouter } from "@caribex/api";

export type Api = TRPCClient<AppRouter>;

/** One unbatched HTTP request per call, so the bench measures single calls; cookies kept like a browser would. */
export function apiClient(baseUrl: string): Api {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        // Cookie-carrying mutations must prove they are not a cross-site form post.
        headers: { "x-caribex-csrf": "1" },
        fetch: cookieJarFetch(),
      }),
    ],
  });
}

export interface SignedIn {
  api: Api;
  userId: string;
  address: string;
}

/** Sign-In with Ethereum the way the storefront does it: nonce cookie, EIP-4361 message, signature, session. */
export async function signIn(baseUrl: string, privateKey: Hex): Promise<SignedIn> {
  const api = apiClient(baseUrl);
  const account = privateKeyToAccount(privateKey);
  const { user } = await signInWithEthereum(api, account, { origin: baseUrl });
  return { api, userId: user.id, address: account.address };
}

/** The stable domain code of a failed call (e.g. PRODUCT.OUT_OF_STOCK), or a short description. */
export function errorCode(e: unknown): string {
  if (e instanceof TRPCClientError) {
    const data = (e as TRPCClientError<AppRouter>).data as { domainCode?: string; code?: string } | undefined;
    return data?.domainCode ?? data?.code ?? e.message.slice(0, 60);
  }
  return e instanceof Error ? e.message.slice(0, 60) : String(e);
}
