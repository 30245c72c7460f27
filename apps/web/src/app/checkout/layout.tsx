import type { ReactNode } from "react";
import { Providers } from "@/lib/trpc/client";

export default function CheckoutLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
