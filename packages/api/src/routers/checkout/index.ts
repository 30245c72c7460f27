import { checkoutPlaceInput, checkoutPlaceOutput } from "@caribex/contracts";
import { authedProcedure, router } from "../../trpc";

export const checkoutRouter = router({
  place: authedProcedure
    .input(checkoutPlaceInput)
    .output(checkoutPlaceOutput)
    .mutation(({ ctx, input }) => ctx.services.checkout.place(ctx.user, input)),
});
