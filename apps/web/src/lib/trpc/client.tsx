"use client";

import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { apiErrorOf, caribexLinks, type AppRouter } from "@caribex/client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

// Requests go to this origin and are proxied to the API, so the session cookie is first-party.
const TRPC_PATH = "/trpc";

function makeQueryClient() {
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

function makeTrpcClient() {
  return createTRPCClient<AppRouter>({ links: caribexLinks({ url: TRPC_PATH }) });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
