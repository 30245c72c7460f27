import { cookies } from "next/headers";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { apiUrl } from "@/env";
import type { AppRouter } from "./types";

/**
 * A tRPC client for server components that acts as the signed-in person: it forwards their cookies to the API.
 * Responses are never cached by Next, because they are per-user.
 */
export async function serverApi() {
  const cookieHeader = (await cookies()).toString();
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${apiUrl()}/trpc`,
        transformer: superjson,
        headers: () => (cookieHeader ? { cookie: cookieHeader } : {}),
        fetch: (url, init) => fetch(url, { ...init, cache: "no-store" }),
      }),
    ],
  });
}
