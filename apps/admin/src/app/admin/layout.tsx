import type { ReactNode } from "react";
import { requireRole } from "@/lib/viewer";
import { Shell } from "@/components/shell";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await requireRole(["admin"], "/admin");
  return <Shell viewer={viewer}>{children}</Shell>;
}
