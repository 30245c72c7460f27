import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type HTTPHeaders,
  type TRPCClient,
  type TRPCLink,
} from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "./router";

/** An EventSource constructor: the browser's, or the `eventsource` package's in Node (see `@caribex/client/node`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each implementation has its own init dictionary
export type EventSourceConstructor = new (url: string, init?: any) => object;

type SseConstructor = typeof globalThis extends { EventSource: infer E } ? E : never;

export interface CaribexLinkOptions {
  /** The API's tRPC endpoint, e.g. "https://api.caribex.example/trpc", or "/trpc" behind a same-origin proxy. */
  url: string;
  /** Extra headers on every query and mutation, e.g. `{ authorization: "Bearer <token>" }`. */
  headers?: HTTPHeaders | (() => HTTPHeaders | Promise<HTTPHeaders>);
  /** A fetch to use instead of the global one (cookie jars in scripts, instrumentation). */
  fetch?: typeof fetch;
  /** Calls per HTTP request; keep at or below the server's MAX_BATCH_SIZE (10 by default). */
  maxBatchSize?: number;
  /**
   * The EventSource used for subscriptions. Defaults to the global one (browsers). Node 20 has none:
   * `@caribex/client/node` passes the `eventsource` package wired to the same fetch.
   */
  EventSource?: EventSourceConstructor;
  /** Options for each EventSource, e.g. `{ withCredentials: true }` across origins or `{ fetch }` in Node. */
  eventSourceOptions?: Record<string, unknown>;
}

/**
 * The links every CaribEX client uses: batched queries and mutations over HTTP, subscriptions over SSE,
 * superjson both ways (bigint and Date intact). Mutations carry `x-caribex-csrf: 1`, which the server asks of
 * cookie-carrying mutations that come without a browser Origin. Apps that build their own tRPC client (React
 * Query) pass these links; everyone else calls `createCaribexClient`.
 */
export function caribexLinks(opts: CaribexLinkOptions): TRPCLink<AppRouter>[] {
  const headers = async (): Promise<HTTPHeaders> => ({
    "x-caribex-csrf": "1",
    ...(typeof opts.headers === "function" ? await opts.headers() : opts.headers),
  });
  // tRPC types the constructor by its init dictionary; ours differ per implementation, so it is passed as is.
  const subscriptions = httpSubscriptionLink<AppRouter, SseConstructor>({
    url: opts.url,
    transformer: superjson,
    ...(opts.EventSource ? { EventSource: opts.EventSource as unknown as SseConstructor } : {}),
    ...(opts.eventSourceOptions ? { eventSourceOptions: opts.eventSourceOptions } : {}),
  });
  return [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: subscriptions,
      false: httpBatchLink({
        url: opts.url,
        transformer: superjson,
        maxItems: opts.maxBatchSize ?? 10,
        headers,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      }),
    }),
  ];
}

export type CaribexClientOptions = CaribexLinkOptions;

/** The typed client: `api.product.list.query(...)`, `api.cart.add.mutate(...)`, `api.order.onStatus.subscribe(...)`. */
export type CaribexClient = TRPCClient<AppRouter>;

/** A typed CaribEX client over HTTP and SSE. */
export function createCaribexClient(opts: CaribexClientOptions): CaribexClient {
  return createTRPCClient<AppRouter>({ links: caribexLinks(opts) });
}
