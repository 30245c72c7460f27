import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { createTRPCClient, type TRPCClient } from "@trpc/client";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { apiErrorOf, caribexLinks, type AppRouter } from "@caribex/client";

/**
 * The browser's one tRPC client and query cache. Pages that query through hooks share them through
 * <Providers>; the header and the product cards reach them by importing this module when they first need it,
 * so a page that only shows products does not load the query and transport libraries up front.
 */

// Requests go to this origin and are proxied to the API, so the session cookie is first-party.
const TRPC_PATH = "/trpc";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // 4xx answers will not change by asking again; only transport failures are worth a retry.
        retry: (count, err) => count < 2 && !apiErrorOf(err),
      },
    },
  });
}

export function makeTrpcClient(): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({ links: caribexLinks({ url: TRPC_PATH }) });
}

export interface ClientStack {
  queryClient: QueryClient;
  trpcClient: TRPCClient<AppRouter>;
  trpc: TRPCOptionsProxy<AppRouter>;
}

let browser: ClientStack | undefined;

/** The browser's stack, made on first use. Never on the server: each request there has its own cache. */
export function browserStack(): ClientStack {
  if (typeof window === "undefined") throw new Error("browserStack() is for the browser only");
  if (!browser) {
    const queryClient = makeQueryClient();
    const trpcClient = makeTrpcClient();
    browser = { queryClient, trpcClient, trpc: createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient }) };
  }
  return browser;
}

export type Cart = Awaited<ReturnType<TRPCClient<AppRouter>["cart"]["get"]["query"]>>;

/** Follows the signed-in shopper's cart in the shared cache (fetched if stale); returns the unsubscribe. */
export function observeCart(onCart: (cart: Cart | undefined) => void): () => void {
  const { queryClient, trpc } = browserStack();
  const observer = new QueryObserver(queryClient, trpc.cart.get.queryOptions());
  onCart(observer.getCurrentResult().data);
  return observer.subscribe((result) => onCart(result.data));
}
