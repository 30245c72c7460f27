import {
  sellerOrderListInput,
  sellerOrderListOutput,
  sellerOrderShipInput,
  sellerOrderShipOutput,
  sellerProductArchiveInput,
  sellerProductArchiveOutput,
  sellerProductCreateInput,
  sellerProductCreateOutput,
  sellerProductListInput,
  sellerProductListOutput,
  sellerProductUpdateInput,
  sellerProductUpdateOutput,
  sellerStatsInput,
  sellerHeldInput,
  sellerHeldOutput,
  sellerStatsOutput,
  sellerPromotionCreateInput,
  sellerPromotionCreateOutput,
  sellerPromotionDeactivateInput,
  sellerPromotionDeactivateOutput,
  sellerPromotionListOutput,
} from "@caribex/contracts";
import { pageWithActions, withActions } from "../../order-actions";
import { router, sellerProcedure } from "../../trpc";
import { sellerReviewRouter } from "../review";

const productRouter = router({
  list: sellerProcedure
    .input(sellerProductListInput)
    .output(sellerProductListOutput)
    .query(({ ctx, input }) => ctx.services.sellerProducts.list(ctx.user, input ?? {})),
  create: sellerProcedure
    .input(sellerProductCreateInput)
    .output(sellerProductCreateOutput)
    .mutation(({ ctx, input }) => ctx.services.sellerProducts.create(ctx.user, input)),
  update: sellerProcedure
    .input(sellerProductUpdateInput)
    .output(sellerProductUpdateOutput)
    .mutation(({ ctx, input: { id, ...patch } }) => ctx.services.sellerProducts.update(ctx.user, id, patch)),
  archive: sellerProcedure
    .input(sellerProductArchiveInput)
    .output(sellerProductArchiveOutput)
    .mutation(({ ctx, input }) => ctx.services.sellerProducts.archive(ctx.user, input.id)),
});

const orderRouter = router({
  list: sellerProcedure
    .input(sellerOrderListInput)
    .output(sellerOrderListOutput)
    .query(async ({ ctx, input }) => pageWithActions(ctx, await ctx.services.orders.listForSeller(ctx.user, input ?? {}))),
  ship: sellerProcedure
    .input(sellerOrderShipInput)
    .output(sellerOrderShipOutput)
    .mutation(async ({ ctx, input: { id, ...shipment } }) => withActions(ctx, await ctx.services.orders.ship(ctx.user, id, shipment))),
});

/** The seller's own discount codes. */
const promotionRouter = router({
  create: sellerProcedure
    .input(sellerPromotionCreateInput)
    .output(sellerPromotionCreateOutput)
    .mutation(({ ctx, input }) => ctx.services.promotions.create(ctx.user, input)),
  list: sellerProcedure.output(sellerPromotionListOutput).query(({ ctx }) => ctx.services.promotions.list(ctx.user)),
  deactivate: sellerProcedure
    .input(sellerPromotionDeactivateInput)
    .output(sellerPromotionDeactivateOutput)
    .mutation(({ ctx, input }) => ctx.services.promotions.deactivate(ctx.user, input.id)),
});

/** The caller's own sales per day; the marketplace-wide figures are admin.stats. */
const statsProcedure = sellerProcedure
  .input(sellerStatsInput)
  .output(sellerStatsOutput)
  .query(({ ctx, input }) => ctx.services.sellerStats.daily(ctx.user, input?.days));

/** Buyers' money for the caller's orders that is still in escrow or in dispute, per currency. */
const heldProcedure = sellerProcedure
  .input(sellerHeldInput)
  .output(sellerHeldOutput)
  .query(({ ctx }) => ctx.services.sellerStats.held(ctx.user));

export const sellerRouter = router({ product: productRouter, order: orderRouter, stats: statsProcedure, held: heldProcedure, review: sellerReviewRouter, promotion: promotionRouter });
