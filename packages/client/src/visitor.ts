import type { HTTPHeaders } from "@trpc/client";

export interface Visitor {
  /** The visitor's Cookie header, as their browser sent it. */
  cookie?: string | null;
  /** The X-Forwarded-For the visitor's request arrived with. */
  forwardedFor?: string | null;
}

/**
 * Headers for a server that calls the API on a visitor's behalf (a Next server component): their cookies, so the
 * API sees exactly the session their browser holds, and their X-Forwarded-For, so the API's rate limits count
 * them rather than the server.
 */
export function visitorHeaders(visitor: Visitor): HTTPHeaders {
  return {
    ...(visitor.cookie ? { cookie: visitor.cookie } : {}),
    ...(visitor.forwardedFor ? { "x-forwarded-for": visitor.forwardedFor } : {}),
  };
}
