import { productByIdInput, productByIdOutput, productListInput, productListOutput } from "@caribex/contracts";
import { publicProcedure, router } from "../../trpc";
import { alsoBoughtProcedure } from "./also-bought";

export const productRouter = router({
  list: publicProcedure
    .meta({ scope: "catalog:read" })
    .input(productListInput)
    .output(productListOutput)
    .query(({ ctx, input }) => ctx.services.catalog.listProducts(input ?? {})),

  byId: publicProcedure
    .meta({ scope: "catalog:read" })
    .input(productByIdInput)
    .output(productByIdOutput)
    .query(({ ctx, input }) => ctx.services.catalog.getProduct(ctx.user, input.id)),

  alsoBought: alsoBoughtProcedure,
});
