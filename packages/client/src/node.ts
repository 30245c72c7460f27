/**
 * Server-side helpers for scripts, services and tests that talk to CaribEX as a user: a cookie jar for fetch,
 * and Sign-In With Ethereum with a viem account. Browsers keep cookies themselves and use a wallet instead.
 *
 *   const jar = new Map<string, string>();
 *   const api = createCaribexClient({ url: "http://127.0.0.1:8080/trpc", fetch: cookieJarFetch(jar) });
 *   const { user } = await signInWithEthereum(api, privateKeyToAccount(key), { origin: "http://localhost:3000" });
 */
import type { TRPCClient } from "@trpc/client";
import type { LocalAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import type { AppRouter } from "@caribex/api";

/** A fetch that keeps the cookies the server sets and sends them back, like a browser does for one site. */
export function cookieJarFetch(jar: Map<string, string> = new Map(), base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set("cookie", cookieHeader(jar));
    const res = await base(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0\b/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
}

export function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

export interface SignInOptions {
  /** The site the message is bound to (its host is the EIP-4361 domain); one of the server's allowed origins. */
  origin: string;
  chainId?: number;
  statement?: string;
}

/**
 * Signs in through the API: fetches a nonce (the server also binds it to this client's cookies), builds the
 * EIP-4361 message, signs it with the account and exchanges it for a session. The client must carry cookies.
 */
export async function signInWithEthereum(api: TRPCClient<AppRouter>, account: LocalAccount, opts: SignInOptions) {
  const site = new URL(opts.origin);
  const { nonce } = await api.auth.nonce.query();
  const message = createSiweMessage({
    domain: site.host,
    uri: site.origin,
    address: account.address,
    version: "1",
    chainId: opts.chainId ?? 31337,
    nonce,
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 5 * 60_000),
    statement: opts.statement ?? "Sign in to CaribEX",
  });
  const signature = await account.signMessage({ message });
  return api.auth.signIn.mutate({ message, signature });
}
