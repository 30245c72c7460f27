import {
  adminChainReconciliationOutput,
  adminChainSetWithdrawalsPausedInput,
  adminChainSuspenseAssignInput,
  adminChainSuspenseAssignOutput,
  adminChainSuspenseListOutput,
  adminChainWithdrawalsPausedOutput,
} from "@caribex/contracts";
import { adminProcedure, router } from "../../trpc";

export const adminChainRouter = router({
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
