import {
  cartClearOutput,
  cartGetOutput,
  cartRemoveItemInput,
  cartRemoveItemOutput,
  cartSetItemInput,
  cartSetItemOutput,
} from "@caribex/contracts";
import { authedProcedure, router } from "../../trpc";

export const cartRouter = router({
  get: authedProcedure.output(cartGetOutput).query(({ ctx }) => ctx.services.cart.get(ctx.user)),
  setItem: authedProcedure
    .input(cartSetItemInput)
    .output(cartSetItemOutput)
    .mutation(({ ctx, input }) => ctx.services.cart.setItem(ctx.user, input)),
  removeItem: authedProcedure
    .input(cartRemoveItemInput)
    .output(cartRemoveItemOutput)
    .mutation(({ ctx, input }) => ctx.services.cart.removeItem(ctx.user, input)),
  clear: authedProcedure.output(cartClearOutput).mutation(({ ctx }) => ctx.services.cart.clear(ctx.user)),
});
