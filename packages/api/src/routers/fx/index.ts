import {
  adminFxFundHouseInput,
  adminFxFundHouseOutput,
  adminFxListInput,
  adminFxListOutput,
  adminFxSetInput,
  adminFxSetOutput,
  adminFxTreasuryOutput,
  fxLatestOutput,
} from "@caribex/contracts";
import { REFERENCE_CURRENCY } from "@caribex/domain";
import { adminProcedure, publicProcedure, router } from "../../trpc";

export const fxRouter = router({
  /** The latest exchange rates, for showing prices "≈" in the reference currency. */
  latest: publicProcedure
    .meta({ scope: "catalog:read" })
    .output(fxLatestOutput)
    .query(async ({ ctx }) => ({ reference: REFERENCE_CURRENCY, rates: await ctx.services.fx.latestRates() })),
});

export const adminFxRouter = router({
  list: adminProcedure
    .input(adminFxListInput)
    .output(adminFxListOutput)
    .query(({ ctx, input }) => ctx.services.fx.listRates(ctx.user, input?.limit)),
  set: adminProcedure
    .input(adminFxSetInput)
    .output(adminFxSetOutput)
    .mutation(({ ctx, input }) => ctx.services.fx.setRate(ctx.user, input)),
  /** House floats for conversions and what the ledger owes per currency. */
  treasury: adminProcedure.output(adminFxTreasuryOutput).query(({ ctx }) => ctx.services.fx.treasury(ctx.user)),
  /** Adds to a currency's house float, with a memo: JMD and USD from the system account, USDC from the admin's own wallet. */
  fundHouse: adminProcedure
    .input(adminFxFundHouseInput)
    .output(adminFxFundHouseOutput)
    .mutation(({ ctx, input }) => ctx.services.fx.fundHouse(ctx.user, input)),
});

/** The contract's name for funding a house float: the same as admin.fx.fundHouse. */
export const adminHouseRouter = router({
  fund: adminProcedure
    .input(adminFxFundHouseInput)
    .output(adminFxFundHouseOutput)
    .mutation(({ ctx, input }) => ctx.services.fx.fundHouse(ctx.user, input)),
});
