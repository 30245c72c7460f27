import {
  adminLiabilitiesListOutput,
  adminLiabilitiesTakeOutput,
  adminChainReconciliationOutput,
  adminChainSetWithdrawalsPausedInput,
  adminChainSuspenseAssignInput,
  adminChainSuspenseAssignOutput,
  adminChainSuspenseListOutput,
  adminChainWithdrawalsPausedOutput,
} from "@caribex/contracts";
import { adminProcedure, router } from "../../trpc";

export const adminChainRouter = router({
  /** Proof of liabilities: take a snapshot now (as the job does), and list the published ones. */
  liabilities: router({
    take: adminProcedure.output(adminLiabilitiesTakeOutput).mutation(({ ctx }) => ctx.services.liabilities.takeSnapshot(ctx.user)),
    list: adminProcedure.output(adminLiabilitiesListOutput).query(({ ctx }) => ctx.services.liabilities.snapshots(20)),
  }),
  reconciliation: adminProcedure.output(adminChainReconciliationOutput).query(({ ctx }) => ctx.services.chain.reconciliation(ctx.user)),
  suspense: router({
    list: adminProcedure.output(adminChainSuspenseListOutput).query(({ ctx }) => ctx.services.chain.suspenseList(ctx.user)),
    assign: adminProcedure
      .input(adminChainSuspenseAssignInput)
      .output(adminChainSuspenseAssignOutput)
      .mutation(({ ctx, input }) => ctx.services.chain.assignSuspense(ctx.user, input)),
  }),
  withdrawals: router({
    paused: adminProcedure.output(adminChainWithdrawalsPausedOutput).query(({ ctx }) => ctx.services.chain.withdrawalsPaused(ctx.user)),
    setPaused: adminProcedure
      .input(adminChainSetWithdrawalsPausedInput)
      .output(adminChainWithdrawalsPausedOutput)
      .mutation(({ ctx, input }) => ctx.services.chain.setWithdrawalsPaused(ctx.user, input.paused)),
  }),
});

/** The contract's name for taking a proof-of-liabilities snapshot: the same as admin.chain.liabilities.take. */
export const adminReservesRouter = router({
  snapshot: adminProcedure.output(adminLiabilitiesTakeOutput).mutation(({ ctx }) => ctx.services.liabilities.takeSnapshot(ctx.user)),
});
