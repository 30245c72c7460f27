"use client";

import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { apiErrorOf, caribexLinks, type AppRouter } from "@caribex/client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will not get better by asking again; network blips might.
        retry: (count, error) => {
          const status = apiErrorOf(error)?.httpStatus ?? null;
          return count < 2 && (status === null || status >= 500);
        },
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  // Same-origin "/trpc" is proxied to the API, so the session cookie is first-party.
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: caribexLinks({ url: "/trpc" }) }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
