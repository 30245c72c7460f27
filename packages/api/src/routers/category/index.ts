import { categoryListOutput } from "@caribex/contracts";
import { publicProcedure, router } from "../../trpc";

export const categoryRouter = router({
  list: publicProcedure.meta({ scope: "catalog:read" }).output(categoryListOutput).query(({ ctx }) => ctx.services.catalog.listCategories()),
});
