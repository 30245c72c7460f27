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
  get: authedProcedure
    .meta({ openapi: { method: "GET", path: "/cart", summary: "The caller's cart", protect: true } })
    .output(cartGetOutput)
    .query(({ ctx }) => ctx.services.cart.get(ctx.user)),
  setItem: authedProcedure
    .meta({ openapi: { method: "PUT", path: "/cart/items/{productId}", summary: "Set a product's quantity in the cart (0 removes it)", protect: true } })
    .input(cartSetItemInput)
    .output(cartSetItemOutput)
    .mutation(({ ctx, input }) => ctx.services.cart.setItem(ctx.user, input)),
  removeItem: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/cart/items/{productId}", summary: "Remove a product from the cart", protect: true } })
    .input(cartRemoveItemInput)
    .output(cartRemoveItemOutput)
    .mutation(({ ctx, input }) => ctx.services.cart.removeItem(ctx.user, input)),
  clear: authedProcedure
    .meta({ openapi: { method: "DELETE", path: "/cart", summary: "Empty the cart", protect: true } })
    .output(cartClearOutput)
    .mutation(({ ctx }) => ctx.services.cart.clear(ctx.user)),
});
