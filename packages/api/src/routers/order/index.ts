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
import { asyncIterableOf, liveStream } from "../../live-stream";
import { pageWithActions, withActions } from "../../order-actions";
import { authedProcedure, router } from "../../trpc";

export const orderRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/orders", summary: "The caller's orders", protect: true } })
    .input(orderListInput)
    .output(orderListOutput)
    .query(async ({ ctx, input }) => pageWithActions(ctx, await ctx.services.orders.list(ctx.user, input ?? {}))),
  byId: authedProcedure
    .meta({ openapi: { method: "GET", path: "/orders/{id}", summary: "One order", protect: true } })
    .input(orderByIdInput)
    .output(orderByIdOutput)
    .query(async ({ ctx, input }) => withActions(ctx, await ctx.services.orders.byId(ctx.user, input.id))),
  cancel: authedProcedure
    .meta({ openapi: { method: "POST", path: "/orders/{id}/cancel", summary: "Cancel a paid order (refund, restock)", protect: true } })
    .input(orderCancelInput)
    .output(orderCancelOutput)
    .mutation(async ({ ctx, input }) => withActions(ctx, await ctx.services.orders.cancel(ctx.user, input.id))),
  confirmDelivery: authedProcedure
    .meta({ openapi: { method: "POST", path: "/orders/{id}/confirm-delivery", summary: "Confirm a shipped order arrived", protect: true } })
    .input(orderConfirmDeliveryInput)
    .output(orderConfirmDeliveryOutput)
    .mutation(async ({ ctx, input }) => withActions(ctx, await ctx.services.orders.confirmDelivery(ctx.user, input.id))),
  openDispute: authedProcedure
    .input(orderOpenDisputeInput)
    .output(orderOpenDisputeOutput)
    .mutation(async ({ ctx, input }) => withActions(ctx, await ctx.services.orders.openDispute(ctx.user, input.id, input.reason))),

  /**
   * Server-sent events: status changes of orders the caller bought or sells, until the client goes away or the
   * session ends. The lease is taken before the stream starts, so a user over the cap gets a plain 429.
   */
  onStatus: authedProcedure
    .output(asyncIterableOf(orderOnStatusOutput))
    .subscription(async ({ ctx, signal }) => liveStream(ctx, signal, ctx.deps.orderFeed)),
});
