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
} from "@caribex/contracts";
import { authedProcedure, router } from "../../trpc";

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

  /** Server-sent events: status changes of orders the caller bought or sells, until the client goes away. */
  onStatus: authedProcedure.subscription(async function* ({ ctx, signal }) {
    const abort = signal ?? new AbortController().signal;
    for await (const event of ctx.deps.orderFeed.subscribe(ctx.user.id, abort)) {
      yield orderOnStatusOutput.parse(event);
    }
  }),
});
