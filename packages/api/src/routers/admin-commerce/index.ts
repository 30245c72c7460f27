import {
  adminCategoryCreateInput,
  adminCategoryCreateOutput,
  adminCategoryDeleteInput,
  adminCategoryDeleteOutput,
  adminCategoryUpdateInput,
  adminCategoryUpdateOutput,
  adminOrderListInput,
  adminOrderListOutput,
  adminOrderResolveDisputeInput,
  adminOrderResolveDisputeOutput,
  adminStatsInput,
  adminStatsOutput,
  adminWalletCreditInput,
  adminWalletCreditOutput,
} from "@caribex/contracts";
import { pageWithActions, withActions } from "../../order-actions";
import { adminProcedure, router } from "../../trpc";

export const adminCategoryRouter = router({
  create: adminProcedure
    .input(adminCategoryCreateInput)
    .output(adminCategoryCreateOutput)
    .mutation(({ ctx, input }) => ctx.services.admin.createCategory(ctx.user, input)),
  update: adminProcedure
    .input(adminCategoryUpdateInput)
    .output(adminCategoryUpdateOutput)
    .mutation(({ ctx, input: { id, ...patch } }) => ctx.services.admin.updateCategory(ctx.user, id, patch)),
  delete: adminProcedure
    .input(adminCategoryDeleteInput)
    .output(adminCategoryDeleteOutput)
    .mutation(({ ctx, input }) => ctx.services.admin.deleteCategory(ctx.user, input.id)),
});

export const adminOrderRouter = router({
  list: adminProcedure
    .meta({ scope: "orders:read" })
    .input(adminOrderListInput)
    .output(adminOrderListOutput)
    .query(async ({ ctx, input }) => pageWithActions(ctx, await ctx.services.orders.listAll(ctx.user, input ?? {}))),
  resolveDispute: adminProcedure
    .input(adminOrderResolveDisputeInput)
    .output(adminOrderResolveDisputeOutput)
    .mutation(async ({ ctx, input }) => withActions(ctx, await ctx.services.orders.resolveDispute(ctx.user, input.id, input.outcome, input.note))),
});

export const adminWalletRouter = router({
  // No service scope: money is created by an admin in person (a `wallet:credit` token gets a 403).
  credit: adminProcedure
    .meta({ rateLimit: "sensitive" })
    .input(adminWalletCreditInput)
    .output(adminWalletCreditOutput)
    .mutation(({ ctx, input }) => ctx.services.wallet.credit(ctx.user, input)),
});

export const adminStatsProcedure = adminProcedure
  .input(adminStatsInput)
  .output(adminStatsOutput)
  .query(({ ctx, input }) => ctx.services.admin.stats(ctx.user, input?.days));
