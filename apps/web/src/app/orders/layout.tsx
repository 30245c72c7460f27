import type { ReactNode } from "react";
import { Providers } from "@/lib/trpc/client";
import { LiveOrderUpdates } from "./live-updates";

export default function OrdersLayout({ children }: { children: ReactNode }) {
  return (
    <Providers>
      <LiveOrderUpdates />
      {children}
    </Providers>
  );
}
