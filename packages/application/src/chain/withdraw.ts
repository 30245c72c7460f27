import { assertAmount, DomainError, type Hex, type Withdrawal } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requestHash } from "../shared/hash";
import { idempotent } from "../shared/idempotent";
import { requireChain } from "./chain-settings";
import { routeWithdrawal } from "./route-withdrawal";
import { assertAllowedDestination, holdNewWithdrawal } from "./withdrawal-risk";
import { withdrawalView, type WithdrawalView } from "./views";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The caller asks for USDC to be sent out to an address (their own wallet's by default). The money leaves their
 * wallet for the pending withdrawals account at once; the withdrawal sender signs and broadcasts it later.
 */
export async function withdraw(ctx: Ctx, caller: Caller, input: { amount: bigint; to?: string; chainId?: number; idempotencyKey: string }): Promise<WithdrawalView> {
  requireChain(ctx);
  const amount = assertAmount(input.amount);
  if (input.to !== undefined && !ADDRESS.test(input.to)) {
    throw new DomainError("VALIDATION.INVALID_INPUT", "Not an address", { field: "to" });
  }
  const limit = ctx.chain.withdrawalDailyLimit;
  // The network it leaves on (the one named, or the one with the most treasury liquidity), chosen before the
  // transaction so no connection waits on the chain; a refusal only counts for a new request, never a replay.
  const routed = await routeWithdrawal(ctx, amount, input.chainId).then(
    (network) => ({ network }),
    (error: unknown) => ({ error }),
  );
  const { value: withdrawal, replayed } = await ctx.uow.run(asUser(caller), (repos) =>
    idempotent(repos, {
      scope: "withdraw",
      userId: caller.id,
      key: input.idempotencyKey,
      requestHash: requestHash({ amount, to: input.to?.toLowerCase() ?? null, ...(input.chainId !== undefined ? { chainId: input.chainId } : {}) }),
      async replay(stored: { withdrawalId: string }): Promise<Withdrawal> {
        const first = await repos.chain.findWithdrawal(stored.withdrawalId);
        if (!first) throw new Error("idempotent result points at a missing withdrawal");
        return first;
      },
      async run() {
        if (await repos.chain.withdrawalsPaused()) {
          throw new DomainError("CHAIN.WITHDRAWALS_PAUSED", "Withdrawals are paused; please try again later");
        }
        const user = await repos.users.findById(caller.id);
        if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
        const to = (input.to ?? user.walletAddress) as Hex;
        // Never to an address the system owns: the zero address, any network's token contract or treasury.
        assertAllowedDestination(ctx, to);
        if ("error" in routed) throw routed.error;
        const created = await repos.chain.createWithdrawal({ chainId: routed.network.chain.chainId, userId: caller.id, amount, to });
        // The debit locks the user's USDC wallet, so the daily total below also sees concurrent requests.
        await repos.ledger.post([
          {
            kind: "transfer",
            currency: "USDC",
            amount,
            from: { kind: "user", userId: caller.id },
            to: { kind: "pending_withdrawal" },
            memo: "USDC withdrawal",
            withdrawalId: created.id,
          },
        ]);
        await holdNewWithdrawal(ctx, repos, created);
        const today = await repos.chain.withdrawnSince(caller.id, startOfUtcDay(ctx.clock.now()));
        if (today > limit) {
          throw new DomainError("CHAIN.DAILY_LIMIT_EXCEEDED", "This withdrawal would exceed your daily limit", { limit: limit.toString() });
        }
        return { value: created, stored: { withdrawalId: created.id } };
      },
    }),
  );
  if (!replayed) {
    await afterCommit(ctx, {
      emit: () => {
        ctx.events.balancesChanged({ userIds: [caller.id] });
        ctx.events.chainActivity?.({ userId: caller.id, kind: "withdrawal", id: withdrawal.id, status: "requested", at: ctx.clock.now(), chainId: withdrawal.chainId });
      },
      evict: [cacheKeys.wallet(caller.id)],
    });
  }
  return withdrawalView(withdrawal);
}
