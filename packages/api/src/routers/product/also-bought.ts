import { productAlsoBoughtInput, productAlsoBoughtOutput } from "@caribex/contracts";
import { publicProcedure } from "../../trpc";

/** "Customers also bought" for a product page, from real co-purchases. */
export const alsoBoughtProcedure = publicProcedure
  .meta({ scope: "catalog:read" })
  .input(productAlsoBoughtInput)
  .output(productAlsoBoughtOutput)
  .query(async ({ ctx, input }) => ({ items: await ctx.services.recommendations.alsoBought(input) }));
