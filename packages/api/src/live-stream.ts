import { z } from "zod";
import { DomainError } from "@caribex/domain";
import type { Caller, Context, StreamLease, UserFeed } from "./context";
import { toTRPCError } from "./errors";

/**
 * Output schema for a subscription: tRPC hands the output parser the async iterable itself, so this wraps it
 * and validates (and whitelists) every event as it is yielded.
 */
export function asyncIterableOf<T extends z.ZodType>(item: T) {
  return z
    .custom<AsyncIterable<z.input<T>>>((v) => typeof (v as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function")
    .transform(async function* (iterable): AsyncGenerator<z.output<T>, void> {
      for await (const event of iterable) yield item.parse(event);
    });
}

/** The caller's events until the client leaves, or until their session ends (then an error says so). */
async function* leasedEvents<E>(feed: UserFeed<E>, userId: string, request: AbortSignal, lease: StreamLease | undefined) {
  try {
    yield* feed.subscribe(userId, lease ? AbortSignal.any([request, lease.signal]) : request);
    if (lease?.signal.aborted && !request.aborted) {
      throw toTRPCError(new DomainError("AUTH.UNAUTHENTICATED", "Your session has ended. Sign in again."));
    }
  } finally {
    lease?.release();
  }
}

/**
 * One live stream of the signed-in caller's events from `feed`. The lease is taken before the stream starts, so
 * a user over the per-user stream cap gets a plain 429, and the stream ends with the session behind it.
 */
export function liveStream<E>(ctx: Context & { user: Caller }, signal: AbortSignal | undefined, feed: UserFeed<E>): AsyncGenerator<E> {
  const request = signal ?? new AbortController().signal;
  const sessionId = ctx.principal.kind === "session" ? (ctx.principal.sessionId ?? null) : null;
  const lease = ctx.deps.streams?.open(ctx.user.id, sessionId);
  // A client that leaves before the stream is first read must not keep its place under the cap.
  if (lease) request.addEventListener("abort", () => lease.release(), { once: true });
  return leasedEvents(feed, ctx.user.id, request, lease);
}
