import { cacheKeys } from "@caribex/application";
import { categoryListOutput } from "@caribex/contracts";
import { publicRead } from "../../procedure-meta";
import { publicProcedure, router } from "../../trpc";

export const categoryRouter = router({
  list: publicProcedure
    .meta({ scope: "catalog:read" })
    .meta({ openapi: { method: "GET", path: "/categories", summary: "All categories" } })
    .meta(publicRead(undefined, () => ({ key: cacheKeys.categories })))
    .output(categoryListOutput)
    .query(({ ctx }) => ctx.services.catalog.listCategories()),
});
