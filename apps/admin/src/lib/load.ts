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
