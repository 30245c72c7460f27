/* eslint-disable no-restricted-syntax -- Next inlines NEXT_PUBLIC_* only from literal process.env reads, and the
   dashboard never loads the server's config package; this file is the one place the dashboard reads its environment. */

/** The development wallet ships only in development builds, or in builds that opt in explicitly (e2e). */
export const devWalletEnabled: boolean =
  process.env.NODE_ENV !== "production" || process.env.NEXT_PUBLIC_DEV_WALLET === "true";

/** Where server components reach the API; the browser goes through the /trpc rewrite instead. */
export function apiUrl(): string {
  return (process.env.API_URL || "http://localhost:8080").replace(/\/$/, "");
}
