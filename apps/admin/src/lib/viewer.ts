import { cache } from "react";
import { redirect } from "next/navigation";
import type { Role } from "@caribex/domain";
import { serverApi } from "./trpc/server";
import type { Viewer } from "./trpc/types";

/** Who is signed in, asked once per request however many layouts and pages want it. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const api = await serverApi();
  try {
    return await api.auth.me.query();
  } catch (e) {
    const status = (e as { data?: { httpStatus?: number } }).data?.httpStatus;
    if (status === 401) return null;
    throw e;
  }
});

/** Where each role lands when it opens the dashboard. */
export function homeFor(role: Role): string {
  return role === "admin" ? "/admin" : role === "seller" ? "/seller" : "/not-a-seller";
}

/**
 * Sends people who may not see a section somewhere they may: the sign-in page, or their own home. The API
 * enforces the same rules on every call; this only keeps people from landing on screens that would fail.
 */
export async function requireRole(allowed: readonly Role[], here: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(here)}`);
  if (!allowed.includes(viewer.role)) redirect(homeFor(viewer.role));
  return viewer;
}
