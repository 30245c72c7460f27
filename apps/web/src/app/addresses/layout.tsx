import type { ReactNode } from "react";
import { Providers } from "@/lib/trpc/client";

export default function AddressesLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
