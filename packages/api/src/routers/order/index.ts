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

  /** Server-sent events: status changes of orders the caller bought or sells, until the client goes away. */
  onStatus: authedProcedure.output(asyncIterableOf(orderOnStatusOutput)).subscription(async function* ({ ctx, signal }) {
    yield* ctx.deps.orderFeed.subscribe(ctx.user.id, signal ?? new AbortController().signal);
  }),
});
