import { redirect } from "next/navigation";
import { getViewer, homeFor } from "@/lib/viewer";

export const dynamic = "force-dynamic";

export default async function Home() {
  const viewer = await getViewer();
  redirect(viewer ? homeFor(viewer.role) : "/sign-in");
}
