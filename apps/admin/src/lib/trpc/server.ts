import { cookies, headers } from "next/headers";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { apiUrl } from "@/env";
import type { AppRouter } from "./types";

/**
 * A tRPC client for server components that acts as the signed-in person: it forwards their cookies to the API,
 * and their address (X-Forwarded-For, which next.config.ts extends) so the API's rate limits count them, not us.
 * Responses are never cached by Next, because they are per-user.
 */
export async function serverApi() {
  const cookieHeader = (await cookies()).toString();
  const forwardedFor = (await headers()).get("x-forwarded-for");
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${apiUrl()}/trpc`,
        transformer: superjson,
        headers: () => ({
          ...(cookieHeader ? { cookie: cookieHeader } : {}),
          ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
        }),
        fetch: (url, init) => fetch(url, { ...init, cache: "no-store" }),
      }),
    ],
  });
}
