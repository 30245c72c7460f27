"use client";

import { useState, type ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@caribex/client";
import { browserStack, makeQueryClient, makeTrpcClient } from "./stack";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Query hooks for the pages below it. In the browser every <Providers> shares one cache and client (the header's
 * cart count sees what the cart page changes); on the server each request gets its own.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [{ queryClient, trpcClient }] = useState(() =>
    typeof window === "undefined" ? { queryClient: makeQueryClient(), trpcClient: makeTrpcClient() } : browserStack(),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
