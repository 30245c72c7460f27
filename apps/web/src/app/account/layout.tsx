import type { ReactNode } from "react";
import { Providers } from "@/lib/trpc/client";

export default function AccountLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
