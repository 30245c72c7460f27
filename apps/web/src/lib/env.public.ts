/* eslint-disable no-restricted-syntax -- Next inlines NEXT_PUBLIC_* only where they are read literally. */

/**
 * The development wallet signs with publicly known test keys, so it must never reach a production bundle
 * unless a test build asks for it explicitly.
 */
export const DEV_WALLET_ENABLED = process.env.NODE_ENV !== "production" || process.env.NEXT_PUBLIC_DEV_WALLET === "true";

export const WALLETCONNECT_PROJECT_ID = process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID ?? "";
