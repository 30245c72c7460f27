import { redirect } from "next/navigation";
import { describeError, type ErrorView } from "./errors";
import { serverApi } from "./trpc/server";

export type Loaded<T> = { ok: true; data: T } | { ok: false; error: ErrorView };
type Api = Awaited<ReturnType<typeof serverApi>>;

/**
 * Runs the API calls a page needs and turns failures into something the page can show in place, because Next
 * hides server errors' messages in production. An ended session goes back to sign-in.
 */
export async function load<T>(fn: (api: Api) => Promise<T>, here = "/"): Promise<Loaded<T>> {
  const api = await serverApi();
  try {
    return { ok: true, data: await fn(api) };
  } catch (e) {
    const error = describeError(e);
    if (error.status === 401) redirect(`/sign-in?next=${encodeURIComponent(here)}`);
    return { ok: false, error };
  }
}

export interface Paged<T> {
  items: T[];
  total: number;
}

/**
 * Collects every page of a paged list, up to a bound. Used where the API offers no filter or aggregate the
 * screen needs (seller sales, the seller's product search), so the dashboard computes it from the full list.
 */
export async function fetchAllPages<T>(fetchPage: (page: number) => Promise<Paged<T>>, maxPages = 20): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const res = await fetchPage(page);
    items.push(...res.items);
    if (res.items.length === 0 || items.length >= res.total) return { items, complete: true };
  }
  return { items, complete: false };
}
