import { cacheKeys, canonicalJson } from "@caribex/application";
import { productByIdInput, productByIdOutput, productListInput, productListOutput } from "@caribex/contracts";
import { effectiveSort } from "@caribex/domain";
import { publicRead } from "../../procedure-meta";
import { publicProcedure, router } from "../../trpc";
import { alsoBoughtProcedure } from "./also-bought";

export const productRouter = router({
  list: publicProcedure
    .meta({ scope: "catalog:read" })
    .meta({ openapi: { method: "GET", path: "/products", summary: "Active products, a page at a time" } })
    // No input and an empty one list the same page, and so do an omitted sort and the one it stands for.
    .meta(publicRead(productListInput, (i) => ({ family: cacheKeys.productsFamily, key: `read:product.list:${canonicalJson({ ...i, sort: effectiveSort(i?.sort, i?.search) })}` })))
    .input(productListInput)
    .output(productListOutput)
    .query(({ ctx, input }) => ctx.services.catalog.listProducts(input ?? {})),

  byId: publicProcedure
    .meta({ scope: "catalog:read" })
    .meta({ openapi: { method: "GET", path: "/products/{id}", summary: "One product" } })
    .meta(publicRead(productByIdInput, (i) => ({ key: cacheKeys.product(i.id) })))
    .input(productByIdInput)
    .output(productByIdOutput)
    .query(({ ctx, input }) => ctx.services.catalog.getProduct(ctx.user, input.id)),

  alsoBought: alsoBoughtProcedure,
});
