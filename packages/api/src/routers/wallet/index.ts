import {
  walletBalancesOutput,
  walletHistoryInput,
  walletHistoryOutput,
  walletSendInput,
  walletSendOutput,
} from "@caribex/contracts";
import { authedProcedure, router } from "../../trpc";

export const walletRouter = router({
  balances: authedProcedure.output(walletBalancesOutput).query(({ ctx }) => ctx.services.wallet.balances(ctx.user)),
  send: authedProcedure
    .input(walletSendInput)
    .output(walletSendOutput)
    .mutation(({ ctx, input }) => ctx.services.wallet.send(ctx.user, input)),
  history: authedProcedure
    .input(walletHistoryInput)
    .output(walletHistoryOutput)
    .query(({ ctx, input }) => ctx.services.wallet.history(ctx.user, input ?? {})),
});
