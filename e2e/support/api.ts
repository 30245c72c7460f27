/**
 * API sessions for browser journeys: sign in a viem account with SIWE through @caribex/client, keeping the
 * session cookie in a small jar, so a test can act as a demo account (or a fresh customer) beside the browser.
 */
import { randomUUID } from "node:crypto";
import { createCaribexClient, DEMO_ACCOUNTS } from "@caribex/client";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@caribex/api";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

export type Api = TRPCClient<AppRouter>;
export { cookieJarFetch };
export type Hex = `0x${string}`;

const demoKey = (label: string): Hex => {
  const account = DEMO_ACCOUNTS.find((a) => a.label === label);
  if (!account) throw new Error(`No demo account ${label}`);
  return account.privateKey;
};

/** The demo seed's people (public test keys, one list for the seed, the apps and the tests). */
export const DEMO_KEYS = {
  admin: demoKey("Admin"),
  seller1: demoKey("Seller 1"),
  seller2: demoKey("Seller 2"),
  seller3: demoKey("Seller 3"),
  shopper1: demoKey("Shopper 1"),
  shopper2: demoKey("Shopper 2"),
  shopper3: demoKey("Shopper 3"),
} as const satisfies Record<string, Hex>;
export type DemoAccount = keyof typeof DEMO_KEYS;

export const E2E = {
  apiUrl: (process.env.E2E_API_URL ?? "http://127.0.0.1:18080").replace(/\/$/, ""),
  webUrl: (process.env.E2E_WEB_URL ?? "http://127.0.0.1:13000").replace(/\/$/, ""),
  adminUrl: (process.env.E2E_ADMIN_URL ?? "http://127.0.0.1:13001").replace(/\/$/, ""),
};

/** A client with no session: what any visitor of the storefront can call. */
export function anonymousApi(apiUrl = E2E.apiUrl): Api {
  return createCaribexClient({ url: `${apiUrl}/trpc`, fetch: cookieJarFetch() });
}

export interface ApiSession {
  api: Api;
  user: Awaited<ReturnType<Api["auth"]["signIn"]["mutate"]>>["user"];
  address: Hex;
  privateKey: Hex;
  cookies: Map<string, string>;
}

export interface SignInOptions {
  apiUrl?: string;
  /** The site the SIWE message is bound to; it must be one of the server's allowed origins. */
  origin?: string;
  chainId?: number;
}

/**
 * Signs in over the API as a demo account ("shopper1"), a given private key, or a brand-new key (which the
 * server registers as a customer on first sign-in).
 */
export async function signInApi(who: DemoAccount | Hex = generatePrivateKey(), opts: SignInOptions = {}): Promise<ApiSession> {
  const privateKey: Hex = who.startsWith("0x") ? (who as Hex) : DEMO_KEYS[who as DemoAccount];
  const account = privateKeyToAccount(privateKey);
  const cookies = new Map<string, string>();
  const api = createCaribexClient({ url: `${opts.apiUrl ?? E2E.apiUrl}/trpc`, fetch: cookieJarFetch(cookies) });
  const { user } = await signInWithEthereum(api, account, { origin: opts.origin ?? E2E.webUrl, ...(opts.chainId ? { chainId: opts.chainId } : {}) });
  return { api, user, address: account.address, privateKey, cookies };
}

/** Puts JMD or USD in a user's wallet from the system account, as the demo admin (USDC enters only by deposit). */
export async function creditWallet(userId: string, currency: "JMD" | "USD", amount: bigint, admin?: ApiSession) {
  const session = admin ?? (await signInApi("admin"));
  return session.api.admin.wallet.credit.mutate({ userId, currency, amount, idempotencyKey: randomUUID(), memo: "e2e funding" });
}
