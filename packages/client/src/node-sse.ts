import { EventSource } from "eventsource";
import type { CaribexLinkOptions } from "./client";

/**
 * Node has no EventSource of its own (before 22, and then behind a flag): subscriptions use the `eventsource`
 * package, sending through the client's fetch (so a cookie jar's session reaches the stream) with its headers.
 */
export function withNodeSubscriptions<T extends CaribexLinkOptions>(opts: T): T {
  if (opts.EventSource || "EventSource" in globalThis) return opts;
  const base = opts.fetch ?? fetch;
  const sseFetch: typeof fetch = async (input, init) => {
    const extra = typeof opts.headers === "function" ? await opts.headers() : opts.headers;
    const headers = new Headers(init?.headers);
    for (const [k, v] of Object.entries(extra ?? {})) if (typeof v === "string") headers.set(k, v);
    return base(input, { ...init, headers });
  };
  return { ...opts, EventSource, eventSourceOptions: { fetch: sseFetch, ...opts.eventSourceOptions } };
}
