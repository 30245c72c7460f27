import {
  walletChainStatusOutput,
  walletDepositInfoOutput,
  walletDepositsOutput,
  walletOnChainActivityOutput,
  walletWithdrawalsOutput,
  walletWithdrawInput,
  walletWithdrawOutput,
  walletBalancesOutput,
  walletHistoryInput,
  walletHistoryOutput,
  walletSendInput,
  walletSendOutput,
  walletLiabilityProofInput,
  walletLiabilityProofOutput,
  walletQuoteInput,
  walletQuoteOutput,
  walletConvertInput,
  walletConvertOutput,
} from "@caribex/contracts";
import { asyncIterableOf, liveStream } from "../../live-stream";
import { authedProcedure, router } from "../../trpc";
import { walletWithdrawalHoldsRouter } from "../withdrawal-holds";

export const walletRouter = router({
  balances: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "GET", path: "/wallet/balances", summary: "The caller's balances", protect: true } })
    .output(walletBalancesOutput)
    .query(({ ctx }) => ctx.services.wallet.balances(ctx.user)),
  send: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "POST", path: "/wallet/send", summary: "Send money to another wallet (idempotent per key)", protect: true } })
    .input(walletSendInput)
    .output(walletSendOutput)
    .mutation(({ ctx, input }) => ctx.services.wallet.send(ctx.user, input)),
  history: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "GET", path: "/wallet/history", summary: "The caller's transactions", protect: true } })
    .input(walletHistoryInput)
    .output(walletHistoryOutput)
    .query(({ ctx, input }) => ctx.services.wallet.history(ctx.user, input ?? {})),
  /**
   * A quote for converting between the caller's balances at the latest rate less the spread (FX_SPREAD_BPS),
   * valid 30 s. `side: "receive"` asks for exactly `amount` of `to` (the checkout's shortfall).
   */
  // A query, as the public contract names it: asking for a price moves no money (each answer is stored so that
  // convert can honour exactly it, once, within 30 s).
  quote: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "GET", path: "/wallet/quote", summary: "A conversion quote between two of the caller's currencies, valid 30 s", protect: true } })
    .input(walletQuoteInput)
    .output(walletQuoteOutput)
    .query(async ({ ctx, input }) => withQuoteAliases(await ctx.services.fx.quote(ctx.user, input))),
  /** Honours a quote once: both legs in one ledger transaction (idempotent per key). */
  convert: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "POST", path: "/wallet/convert", summary: "Convert at a quote, once (idempotent per key)", protect: true } })
    .input(walletConvertInput)
    .output(walletConvertOutput)
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.services.fx.convert(ctx.user, input);
      // The two legs by their direction for the caller: what left their wallet and what came in.
      const debit = done.transactions.find((t) => t.currency === done.quote.from) ?? done.transactions[0]!;
      const credit = done.transactions.find((t) => t.currency === done.quote.to) ?? done.transactions[1]!;
      return { ...done, quote: withQuoteAliases(done.quote), debit, credit };
    }),
  /** Whether USDC deposits and withdrawals are on, so the apps can say so instead of failing. */
  chainStatus: authedProcedure.output(walletChainStatusOutput).query(({ ctx }) => ctx.services.chain.status()),
  depositInfo: authedProcedure.output(walletDepositInfoOutput).query(({ ctx }) => ctx.services.chain.depositInfo(ctx.user)),
  deposits: authedProcedure.output(walletDepositsOutput).query(({ ctx }) => ctx.services.chain.deposits(ctx.user)),
  withdraw: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .input(walletWithdrawInput)
    .output(walletWithdrawOutput)
    .mutation(({ ctx, input: { network, ...rest } }) => ctx.services.chain.withdraw(ctx.user, { ...rest, ...(network !== undefined ? { chainId: network } : {}) })),
  withdrawals: authedProcedure.output(walletWithdrawalsOutput).query(({ ctx }) => ctx.services.chain.withdrawals(ctx.user)),
  withdrawalHolds: walletWithdrawalHoldsRouter,
  /**
   * The caller's inclusion proof in a proof-of-liabilities snapshot (default the newest): their leaf's salt,
   * balance and index and the sibling hashes and sums up to the root. Only ever the caller's own leaf.
   */
  liabilityProof: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "GET", path: "/wallet/liability-proof", summary: "The caller's proof of inclusion in the published liabilities", protect: true } })
    .input(walletLiabilityProofInput)
    .output(walletLiabilityProofOutput)
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.liabilities.proof(ctx.user, { snapshotId: input?.snapshotId });
      if (!view.proof) return view;
      const { index: _index, ...flat } = view.proof;
      return { ...view, ...flat };
    }),
  /**
   * Server-sent events: each status change of the caller's own deposits and withdrawals, from whichever instance
   * made it, until the client leaves or the session ends. Counts against the same per-user stream cap as
   * `order.onStatus`.
   */
  onChainActivity: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .output(asyncIterableOf(walletOnChainActivityOutput))
    .subscription(async ({ ctx, signal }) => liveStream(ctx, signal, ctx.deps.chainFeed)),
});

/** The quote as the contract spells it too: `amount` is what the caller pays, `feeBps` the spread. */
function withQuoteAliases<Q extends { pay: bigint; spreadBps: number }>(q: Q): Q & { amount: bigint; feeBps: number } {
  return { ...q, amount: q.pay, feeBps: q.spreadBps };
}
