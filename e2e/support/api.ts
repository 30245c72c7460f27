/**
 * API sessions for browser journeys: sign in a viem account with SIWE through @caribex/client, keeping the
 * session cookie in a small jar, so a test can act as a demo account (or a fresh customer) beside the browser.
 */
import { randomUUID } from "node:crypto";
import { createCaribexClient } from "@caribex/client";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "@caribex/api";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

export type Api = TRPCClient<AppRouter>;
export { cookieJarFetch };
export type Hex = `0x${string}`;

/** The public Anvil/Hardhat test keys the demo seed uses: #0 admin, #1–#3 sellers, #4–#6 shoppers. */
export const DEMO_KEYS = {
  admin: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  seller1: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  seller2: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  seller3: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  shopper1: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  shopper2: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  shopper3: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
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

/** Puts money in a user's wallet from the system account, as the demo admin. */
export async function creditWallet(userId: string, currency: "JMD" | "USD" | "USDC", amount: bigint, admin?: ApiSession) {
  const session = admin ?? (await signInApi("admin"));
  return session.api.admin.wallet.credit.mutate({ userId, currency, amount, idempotencyKey: randomUUID(), memo: "e2e funding" });
}
