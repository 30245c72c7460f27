/**
 * A signed-in API session for tests: a viem account signs an EIP-4361 message, cookies are kept in a small jar,
 * and every request can go to the next server in a round-robin list (so a session started on one instance is
 * used on the others).
 */
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import type { AppRouter } from "@caribex/api";

export type Api = TRPCClient<AppRouter>;

export interface RoundRobin {
  next(): string;
}

export function roundRobin(urls: () => string[]): RoundRobin {
  let i = 0;
  return {
    next() {
      const list = urls();
      return list[i++ % list.length]!;
    },
  };
}

export interface Session {
  api: Api;
  address: `0x${string}`;
  privateKey: `0x${string}`;
  /** The session's cookies: clients built on this jar act as the same user (on any instance). */
  jar: Map<string, string>;
}

/** A client whose every request goes to the next instance, carrying the cookies in `jar`. */
export function client(target: RoundRobin, jar = new Map<string, string>()): Api {
  const toNextInstance: typeof fetch = (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const base = new URL(target.next());
    url.protocol = base.protocol;
    url.host = base.host;
    return fetch(url, init);
  };
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: "http://placeholder/trpc",
        transformer: superjson,
        headers: { "x-caribex-csrf": "1" },
        fetch: cookieJarFetch(jar, toNextInstance),
      }),
    ],
  });
}

export function fixed(url: string): RoundRobin {
  return { next: () => url };
}

/** Signs in with the given key (a fresh one by default); the first sign-in creates a customer. */
export async function signIn(target: RoundRobin, privateKey: `0x${string}` = generatePrivateKey()): Promise<Session> {
  const account = privateKeyToAccount(privateKey);
  const jar = new Map<string, string>();
  const api = client(target, jar);
  await signInWithEthereum(api, account, { origin: target.next() });
  return { api, address: account.address, privateKey, jar };
}
