import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { TRPCClientError } from "@trpc/client";
import { createCaribexClient, visitorHeaders } from "@caribex/client";
import { serverEnv } from "@/env";

/**
 * A tRPC client for server components that speaks for the visitor: it forwards their cookies, so the API sees
 * exactly the session the browser holds. Cached per request.
 */
export const getApi = cache(async () => {
  const cookie = (await cookies()).toString();
  const forwardedFor = (await headers()).get("x-forwarded-for");
  return createCaribexClient({ url: `${serverEnv().API_URL}/trpc`, headers: visitorHeaders({ cookie, forwardedFor }) });
});

export type Viewer = NonNullable<Awaited<ReturnType<Awaited<ReturnType<typeof getApi>>["auth"]["me"]["query"]>>>;

/** The signed-in user, or null. A failing API must not take the whole page down with it. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const api = await getApi();
  try {
    return (await api.auth.me.query()) ?? null;
  } catch {
    return null;
  }
});

/** Pages that only make sense for a signed-in shopper send visitors to sign in, and back here afterwards. */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return viewer;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === "NOT_FOUND";
}
