/* eslint-disable no-restricted-syntax -- this module is the storefront's one reader of the environment. */
import { parseNextServerEnv, type NextServerEnv } from "@caribex/config/next-app";

/**
 * The storefront's environment. Every other file of this app (next.config.ts included) imports from here; the API
 * server's settings live in @caribex/config, whose schema this app never loads.
 *
 * Two kinds of value:
 * - Build-time values, which Next replaces while it builds, in server and browser code alike. Next only replaces
 *   a literal `process.env.NEXT_PUBLIC_…` (or `process.env.NODE_ENV`), so they are read literally here and
 *   exported as constants; the development wallet's switch is also handed to the compiler as the literal
 *   `__DEV_WALLET_BUILD__`, so a build without the wallet leaves its code out. No validation library runs here,
 *   so importing this module adds next to nothing to a page.
 * - Run-time values of the Next server (`serverEnv()`), checked on first use; a bad value stops the server with
 *   an error naming every bad variable.
 */

/** The development wallet: development builds only, or production builds that opt in (the browser journeys). */
export const devWalletEnabled: boolean = process.env.NODE_ENV !== "production" || process.env.NEXT_PUBLIC_DEV_WALLET === "true";

/** The chain the development wallet sends its test USDC transfers to (the local chain `pnpm dev` starts). */
export const devChainRpcUrl: string = process.env.NEXT_PUBLIC_DEV_CHAIN_RPC_URL || "http://127.0.0.1:8545";

/**
 * What next.config.ts hands Next to inline: a literal even when the variable is unset, so a build without the
 * development wallet folds every check to false.
 */
export const inlinedAtBuild = {
  NEXT_PUBLIC_DEV_WALLET: process.env.NEXT_PUBLIC_DEV_WALLET === "true" ? "true" : "false",
  NEXT_PUBLIC_DEV_CHAIN_RPC_URL: devChainRpcUrl,
};

declare global {
  /**
   * `devWalletEnabled` as a literal the compiler writes into every module (next.config.ts's `compiler.define`).
   * The bundler decides which files a build contains before it follows a constant from one module into another,
   * so only a literal condition keeps the development wallet's lazy imports, and its code, out of a production
   * build. Use it only as the condition of such an import; everything else reads `devWalletEnabled`.
   */
  const __DEV_WALLET_BUILD__: boolean;
}

/** The compile-time constants next.config.ts defines. */
export const compileTimeDefines = { __DEV_WALLET_BUILD__: devWalletEnabled };

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
