import type { ReactNode } from "react";
import { requireRole } from "@/lib/viewer";
import { Shell } from "@/components/shell";

export const dynamic = "force-dynamic";

export default async function SellerLayout({ children }: { children: ReactNode }) {
  const viewer = await requireRole(["seller"], "/seller");
  return <Shell viewer={viewer}>{children}</Shell>;
}
