import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import type { AppRouter } from "@caribex/api";

export type Api = TRPCClient<AppRouter>;

/** The few cookies the API sets, carried like a browser would for one origin. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const cookie = this.header();
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(input, { ...init, headers });
    this.store(res.headers.getSetCookie());
    return res;
  };
}

export function apiClient(baseUrl: string, jar = new CookieJar()): Api {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        // Cookie-carrying mutations must prove they are not a cross-site form post.
        headers: { "x-caribex-csrf": "1" },
        fetch: jar.fetch,
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
  const { nonce } = await api.auth.nonce.query();
  const origin = new URL(baseUrl);
  const message = createSiweMessage({
    domain: origin.host,
    uri: origin.origin,
    version: "1",
    chainId: 31337,
    address: account.address,
    nonce,
    issuedAt: new Date(),
  });
  const signature = await account.signMessage({ message });
  const { user } = await api.auth.signIn.mutate({ message, signature });
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
