/**
 * A signed-in API session for tests: a viem account signs an EIP-4361 message, cookies are kept in a small jar,
 * and every request can go to the next server in a round-robin list (so a session started on one instance is
 * used on the others).
 */
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
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

export function client(target: RoundRobin, jar = new Map<string, string>()): Api {
  const jarFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const original = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const base = new URL(target.next());
    original.protocol = base.protocol;
    original.host = base.host;
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    headers.set("x-caribex-csrf", "1");
    const res = await fetch(original, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: "http://placeholder/trpc", transformer: superjson, fetch: jarFetch })],
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
  const { nonce } = await api.auth.nonce.query();
  const host = new URL(target.next());
  const message = createSiweMessage({
    domain: host.host,
    uri: host.origin,
    address: account.address,
    version: "1",
    chainId: 31337,
    nonce,
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 5 * 60_000),
    statement: "Sign in to CaribEX",
  });
  const signature = await account.signMessage({ message });
  await api.auth.signIn.mutate({ message, signature });
  return { api, address: account.address, privateKey, jar };
}
