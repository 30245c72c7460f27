import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@caribex/api";

export type { AppRouter };

export interface CaribexClientOptions {
  /** The API's tRPC endpoint, e.g. "https://api.caribex.example/trpc". */
  url: string;
  /** Extra headers on every query and mutation, e.g. `{ authorization: "Bearer <token>" }`. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** A fetch to use instead of the global one (cookie jars in scripts, instrumentation). */
  fetch?: typeof fetch;
  /** Calls per HTTP request; keep at or below the server's MAX_BATCH_SIZE (10 by default). */
  maxBatchSize?: number;
}

/**
 * A typed CaribEX client: batched queries and mutations over HTTP, live subscriptions over SSE, bigint and
 * Date intact through superjson. It sends `x-caribex-csrf: 1`, which the server asks of cookie-carrying
 * mutations that come without a browser Origin.
 */
export function createCaribexClient(opts: CaribexClientOptions): TRPCClient<AppRouter> {
  const headers = async () => ({
    "x-caribex-csrf": "1",
    ...(typeof opts.headers === "function" ? await opts.headers() : opts.headers),
  });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: opts.url, transformer: superjson }),
        false: httpBatchLink({
          url: opts.url,
          transformer: superjson,
          maxItems: opts.maxBatchSize ?? 10,
          headers,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
        }),
      }),
    ],
  });
}
