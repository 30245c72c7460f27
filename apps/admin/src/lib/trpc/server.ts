import { cookies, headers } from "next/headers";
import { createCaribexClient, visitorHeaders } from "@caribex/client";
import { serverEnv } from "@/env";

/**
 * A tRPC client for server components that acts as the signed-in person: it forwards their cookies to the API,
 * and their address (X-Forwarded-For, which next.config.ts extends) so the API's rate limits count them, not us.
 * Responses are never cached by Next, because they are per-user.
 */
export async function serverApi() {
  const cookie = (await cookies()).toString();
  const forwardedFor = (await headers()).get("x-forwarded-for");
  return createCaribexClient({
    url: `${serverEnv().API_URL}/trpc`,
    headers: visitorHeaders({ cookie, forwardedFor }),
    fetch: (url, init) => fetch(url, { ...init, cache: "no-store" }),
  });
}
