import {
  orderByIdInput,
  orderByIdOutput,
  orderCancelInput,
  orderCancelOutput,
  orderConfirmDeliveryInput,
  orderConfirmDeliveryOutput,
  orderListInput,
  orderListOutput,
  orderOnStatusOutput,
  orderOpenDisputeInput,
  orderOpenDisputeOutput,
} from "@caribex/contracts";
import { z } from "zod";
import { DomainError } from "@caribex/domain";
import type { Caller, Context, StreamLease } from "../../context";
import { toTRPCError } from "../../errors";
import { authedProcedure, router } from "../../trpc";

/**
 * Output schema for a subscription: tRPC hands the output parser the async iterable itself, so this wraps it
 * and validates (and whitelists) every event as it is yielded.
 */
function asyncIterableOf<T extends z.ZodType>(item: T) {
  return z
    .custom<AsyncIterable<z.input<T>>>((v) => typeof (v as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function")
    .transform(async function* (iterable): AsyncGenerator<z.output<T>, void> {
      for await (const event of iterable) yield item.parse(event);
    });
}

/** The caller's status events until the client leaves, or until their session ends (then an error says so). */
async function* statusEvents(ctx: Context & { user: Caller }, request: AbortSignal, lease: StreamLease | undefined) {
  try {
    yield* ctx.deps.orderFeed.subscribe(ctx.user.id, lease ? AbortSignal.any([request, lease.signal]) : request);
    if (lease?.signal.aborted && !request.aborted) {
      throw toTRPCError(new DomainError("AUTH.UNAUTHENTICATED", "Your session has ended. Sign in again."));
    }
  } finally {
    lease?.release();
  }
}

export const orderRouter = router({
  list: authedProcedure
    .input(orderListInput)
    .output(orderListOutput)
    .query(({ ctx, input }) => ctx.services.orders.list(ctx.user, input ?? {})),
  byId: authedProcedure
    .input(orderByIdInput)
    .output(orderByIdOutput)
    .query(({ ctx, input }) => ctx.services.orders.byId(ctx.user, input.id)),
  cancel: authedProcedure
    .input(orderCancelInput)
    .output(orderCancelOutput)
    .mutation(({ ctx, input }) => ctx.services.orders.cancel(ctx.user, input.id)),
  confirmDelivery: authedProcedure
    .input(orderConfirmDeliveryInput)
    .output(orderConfirmDeliveryOutput)
    .mutation(({ ctx, input }) => ctx.services.orders.confirmDelivery(ctx.user, input.id)),
  openDispute: authedProcedure
    .input(orderOpenDisputeInput)
    .output(orderOpenDisputeOutput)
    .mutation(({ ctx, input }) => ctx.services.orders.openDispute(ctx.user, input.id, input.reason)),

  /**
   * Server-sent events: status changes of orders the caller bought or sells, until the client goes away or the
   * session ends. The lease is taken before the stream starts, so a user over the cap gets a plain 429.
   */
  onStatus: authedProcedure.output(asyncIterableOf(orderOnStatusOutput)).subscription(async ({ ctx, signal }) => {
    const request = signal ?? new AbortController().signal;
    const sessionId = ctx.principal.kind === "session" ? (ctx.principal.sessionId ?? null) : null;
    const lease = ctx.deps.streams?.open(ctx.user.id, sessionId);
    // A client that leaves before the stream is first read must not keep its place under the cap.
    if (lease) request.addEventListener("abort", () => lease.release(), { once: true });
    return statusEvents(ctx, request, lease);
  }),
});
