import {
  assertAmount,
  DomainError,
  type ChainPort,
  type Deposit,
  type Hex,
  type UsdcLiabilities,
  type Withdrawal,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { requestHash } from "../shared/hash";
import { SYSTEM_ACTOR } from "./deposit-scanner";

export interface ChainSettings {
  /** Null when the on-chain features are off. */
  chain: ChainPort | null;
  confirmations: number;
  /** Per user and UTC day, USDC base units. */
  withdrawalDailyLimit: bigint;
}

export interface DepositView {
  id: string;
  txHash: Hex;
  logIndex: number;
  amount: bigint;
  confirmations: number;
  /** Deposits waiting for an admin are shown to nobody but admins; for the sender they are still pending. */
  status: "pending" | "credited" | "orphaned";
  createdAt: Date;
}

export interface WithdrawalView {
  id: string;
  amount: bigint;
  to: Hex;
  status: "requested" | "broadcast" | "confirmed" | "failed";
  txHash: Hex | null;
  createdAt: Date;
}

export interface Reserves {
  chainId: number;
  tokenAddress: Hex;
  treasuryAddress: Hex;
  treasuryOnChain: bigint;
  liabilities: UsdcLiabilities;
  difference: bigint;
  block: bigint;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export const withdrawalView = (w: Withdrawal): WithdrawalView => ({
  id: w.id,
  amount: w.amount,
  to: w.to,
  // A signed transaction that has not left yet is still "requested" for the person waiting.
  status: w.status === "signed" ? "requested" : w.status,
  txHash: w.status === "signed" ? null : w.txHash,
  createdAt: w.createdAt,
});

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function chainService(ctx: Ctx, settings: ChainSettings) {
  function requireChain(): ChainPort {
    if (!settings.chain) throw new DomainError("CHAIN.UNAVAILABLE", "USDC deposits and withdrawals are not available on this server");
    return settings.chain;
  }

  /** The head block, or null when the chain cannot be reached (reads then show what the database knows). */
  async function headOrNull(chain: ChainPort): Promise<bigint | null> {
    try {
      return await chain.headBlock();
    } catch {
      return null;
    }
  }

  function depositView(d: Deposit, head: bigint | null): DepositView {
    const required = settings.confirmations;
    const seen = head === null ? 0 : Math.max(0, Number(head - d.blockNumber + 1n));
    const final = d.status === "credited" || d.status === "suspense";
    return {
      id: d.id,
      txHash: d.txHash,
      logIndex: d.logIndex,
      amount: d.amount,
      confirmations: final ? Math.max(required, seen) : d.status === "orphaned" ? 0 : Math.min(seen, required),
      status: d.status === "suspense" ? "pending" : d.status,
      createdAt: d.createdAt,
    };
  }

  async function reserves(): Promise<Reserves> {
    const chain = requireChain();
    const [treasuryOnChain, block, liabilities] = await Promise.all([
      chain.tokenBalance(chain.treasuryAddress),
      chain.headBlock(),
      ctx.uow.run(SYSTEM_ACTOR, (r) => r.chain.usdcLiabilities()),
    ]);
    return {
      chainId: chain.chainId,
      tokenAddress: chain.tokenAddress,
      treasuryAddress: chain.treasuryAddress,
      treasuryOnChain,
      liabilities,
      difference: treasuryOnChain - liabilities.total,
      block,
    };
  }

  return {
    /** Whether deposits and withdrawals are on, for the apps to say so instead of failing. */
    status() {
      return { enabled: settings.chain !== null };
    },

    async depositInfo(caller: Caller) {
      const chain = requireChain();
      const user = await ctx.uow.run(asUser(caller), (r) => r.users.findById(caller.id));
      if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
      return {
        chainId: chain.chainId,
        tokenAddress: chain.tokenAddress,
        treasuryAddress: chain.treasuryAddress,
        confirmations: settings.confirmations,
        from: user.walletAddress as Hex,
      };
    },

    async deposits(caller: Caller): Promise<DepositView[]> {
      const chain = requireChain();
      const rows = await ctx.uow.run(asUser(caller), (r) => r.chain.listDeposits({ chainId: chain.chainId, userId: caller.id, limit: 50 }));
      const head = rows.some((d) => d.status === "pending") ? await headOrNull(chain) : null;
      return rows.map((d) => depositView(d, head));
    },

    async withdraw(caller: Caller, input: { amount: bigint; to?: string; idempotencyKey: string }): Promise<WithdrawalView> {
      const chain = requireChain();
      const amount = assertAmount(input.amount);
      if (input.to !== undefined && !ADDRESS.test(input.to)) {
        throw new DomainError("VALIDATION.INVALID_INPUT", "Not an address", { field: "to" });
      }
      const hash = requestHash({ amount, to: input.to?.toLowerCase() ?? null });
      const outcome = await ctx.uow.run(asUser(caller), async (repos) => {
        const claim = await repos.idempotency.claim("withdraw", caller.id, input.idempotencyKey, hash);
        if (claim.state === "done") {
          if (claim.requestHash !== hash) {
            throw new DomainError("IDEMPOTENCY.KEY_REUSED", "This idempotency key was already used with different parameters");
          }
          const first = await repos.chain.findWithdrawal((claim.result as { withdrawalId: string }).withdrawalId);
          if (!first) throw new Error("idempotent result points at a missing withdrawal");
          return { withdrawal: first, fresh: false };
        }
        if (await repos.chain.withdrawalsPaused()) {
          throw new DomainError("CHAIN.WITHDRAWALS_PAUSED", "Withdrawals are paused; please try again later");
        }
        const user = await repos.users.findById(caller.id);
        if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
        const to = (input.to ?? user.walletAddress) as Hex;
        if (to.toLowerCase() === chain.treasuryAddress.toLowerCase()) {
          throw new DomainError("VALIDATION.INVALID_INPUT", "Withdraw to an address outside CaribEX", { field: "to" });
        }
        const withdrawal = await repos.chain.createWithdrawal({ chainId: chain.chainId, userId: caller.id, amount, to });
        // The debit locks the user's USDC wallet, so the daily total below also sees concurrent requests.
        await repos.ledger.post([
          {
            kind: "transfer",
            currency: "USDC",
            amount,
            from: { kind: "user", userId: caller.id },
            to: { kind: "pending_withdrawal" },
            memo: "USDC withdrawal",
            withdrawalId: withdrawal.id,
          },
        ]);
        const today = await repos.chain.withdrawnSince(caller.id, startOfUtcDay(ctx.clock.now()));
        if (today > settings.withdrawalDailyLimit) {
          throw new DomainError("CHAIN.DAILY_LIMIT_EXCEEDED", "This withdrawal would exceed your daily limit", {
            limit: settings.withdrawalDailyLimit.toString(),
          });
        }
        await repos.idempotency.complete("withdraw", caller.id, input.idempotencyKey, { withdrawalId: withdrawal.id });
        return { withdrawal, fresh: true };
      });
      if (outcome.fresh) {
        await afterCommit(ctx, {
          emit: () => {
            ctx.events.balancesChanged({ userIds: [caller.id] });
            ctx.events.chainActivity?.({ userId: caller.id, kind: "withdrawal", id: outcome.withdrawal.id, status: "requested", at: ctx.clock.now() });
          },
          evict: [cacheKeys.wallet(caller.id)],
        });
      }
      return withdrawalView(outcome.withdrawal);
    },

    async withdrawals(caller: Caller): Promise<WithdrawalView[]> {
      const chain = requireChain();
      const rows = await ctx.uow.run(asUser(caller), (r) => r.chain.listWithdrawals({ chainId: chain.chainId, userId: caller.id, limit: 50 }));
      return rows.map(withdrawalView);
    },

    reserves,

    async reconciliation(caller: Caller) {
      requireRole(caller, "admin");
      const chain = requireChain();
      const [r, scanned] = await Promise.all([reserves(), ctx.uow.run(SYSTEM_ACTOR, (repos) => repos.chain.getCursor("deposits", chain.chainId))]);
      return {
        treasuryOnChain: r.treasuryOnChain,
        liabilities: r.liabilities.total,
        difference: r.difference,
        scannedBlock: scanned?.blockNumber ?? null,
        headBlock: r.block,
      };
    },

    async suspenseList(caller: Caller) {
      requireRole(caller, "admin");
      const chain = requireChain();
      const rows = await ctx.uow.run(asUser(caller), (r) => r.chain.listDeposits({ chainId: chain.chainId, status: "suspense", limit: 100 }));
      return rows.map((d) => ({ id: d.id, txHash: d.txHash, logIndex: d.logIndex, from: d.fromAddress, amount: d.amount, createdAt: d.createdAt }));
    },

    /** Moves a deposit from an unknown sender out of suspense into a user's wallet. */
    async assignSuspense(caller: Caller, input: { depositId: string; userId: string }) {
      requireRole(caller, "admin");
      requireChain();
      const done = await ctx.uow.run(asUser(caller), async (r) => {
        const d = await r.chain.lockDeposit(input.depositId);
        if (!d) throw new DomainError("CHAIN.DEPOSIT_NOT_FOUND", "No such deposit");
        if (d.status !== "suspense") throw new DomainError("CHAIN.DEPOSIT_NOT_IN_SUSPENSE", "This deposit is not waiting for assignment");
        const user = await r.users.findById(input.userId);
        if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
        await r.ledger.ensureWallets(user.id);
        const [tx] = await r.ledger.post([
          { kind: "transfer", currency: "USDC", amount: d.amount, from: { kind: "suspense" }, to: { kind: "user", userId: user.id }, memo: `USDC deposit ${d.txHash}` },
        ]);
        await r.chain.updateDeposit(d.id, { status: "credited", userId: user.id, transactionId: tx!.id });
        return { id: d.id, userId: user.id, status: "credited" as const };
      });
      await afterCommit(ctx, { emit: () => ctx.events.balancesChanged({ userIds: [done.userId] }), evict: [cacheKeys.wallet(done.userId)] });
      return done;
    },

    async withdrawalsPaused(caller: Caller) {
      requireRole(caller, "admin");
      return { paused: await ctx.uow.run(asUser(caller), (r) => r.chain.withdrawalsPaused()) };
    },

    async setWithdrawalsPaused(caller: Caller, paused: boolean) {
      requireRole(caller, "admin");
      await ctx.uow.run(asUser(caller), (r) => r.chain.setWithdrawalsPaused(paused));
      return { paused };
    },
  };
}

export type ChainService = ReturnType<typeof chainService>;
