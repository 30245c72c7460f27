import { checkoutPlaceInput, checkoutPlaceOutput, checkoutPreviewInput, checkoutPreviewOutput } from "@caribex/contracts";
import { withActions } from "../../order-actions";
import { authedProcedure, router } from "../../trpc";

export const checkoutRouter = router({
  /** The orders the cart would become now, per seller, with each code's discount per line. */
  preview: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .input(checkoutPreviewInput)
    .output(checkoutPreviewOutput)
    .query(({ ctx, input }) => ctx.services.checkout.preview(ctx.user, input ?? {})),
  place: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "POST", path: "/checkout", summary: "Pay for the cart: one order per seller (idempotent per key)", protect: true } })
    .input(checkoutPlaceInput)
    .output(checkoutPlaceOutput)
    .mutation(async ({ ctx, input }) => {
      const placed = await ctx.services.checkout.place(ctx.user, input);
      return { ...placed, orders: placed.orders.map((o) => withActions(ctx, o)) };
    }),
});
