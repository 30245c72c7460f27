/* eslint-disable no-restricted-syntax -- this module is the dashboard's one reader of the environment. */
import { parseNextServerEnv, type NextServerEnv } from "@caribex/config/next-app";

/**
 * The dashboard's environment. Every other file of this app (next.config.ts included) imports from here; the API
 * server's settings live in @caribex/config, whose schema this app never loads.
 *
 * Build-time values are literal `process.env.NEXT_PUBLIC_…` reads, which Next replaces while it builds; run-time
 * values of the Next server come from `serverEnv()`, checked on first use (a bad value stops the server with an
 * error naming every bad variable).
 */

/** The development wallet ships only in development builds, or in builds that opt in explicitly (e2e). */
export const devWalletEnabled: boolean = process.env.NODE_ENV !== "production" || process.env.NEXT_PUBLIC_DEV_WALLET === "true";

/**
 * WalletConnect's project id (NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID), which turns on the "Mobile wallet" sign-in
 * choice. Read by the sign-in page's server component when it renders, so one build serves with or without it (the
 * name is looked up, not written literally, so Next does not freeze the build's value into the bundle); a value
 * given at build time is the fallback. The id is public: the page hands it to the browser.
 */
export function walletConnectProjectId(): string | null {
  const name = "NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID";
  return process.env[name]?.trim() || process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID?.trim() || null;
}

let cached: NextServerEnv | undefined;

/** API_URL and TRUST_PROXY for the Next server, parsed once. Server code only: browsers never see these. */
export function serverEnv(): NextServerEnv {
  cached ??= parseNextServerEnv({ API_URL: process.env.API_URL, TRUST_PROXY: process.env.TRUST_PROXY });
  return cached;
}
