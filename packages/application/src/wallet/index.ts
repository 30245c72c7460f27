import {
  assertAmount,
  currency as asCurrency,
  CURRENCIES,
  DomainError,
  type Balance,
  type Currency,
  type Repositories,
  type Transaction,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { requestHash } from "../shared/hash";

export interface SendInput {
  to: string;
  currency: Currency;
  amount: bigint;
  idempotencyKey: string;
  memo?: string | null;
}

export interface CreditInput {
  userId: string;
  currency: Currency;
  amount: bigint;
  idempotencyKey: string;
  memo?: string | null;
}

interface StoredMovement {
  transactionIds: string[];
}

export function walletService(ctx: Ctx) {
  /**
   * Runs one idempotent movement: a replay with the same parameters returns the stored transaction and moves
   * nothing; the same key with other parameters is refused.
   */
  async function idempotentMovement(
    caller: Caller,
    scope: string,
    key: string,
    params: Record<string, unknown>,
    move: (repos: Repositories) => Promise<{ tx: Transaction; userIds: string[] }>,
  ): Promise<Transaction> {
    const hash = requestHash(params);
    // As the caller: the ledger's posting function lets a user debit only their own wallet, and only an admin
    // credit from the system account.
    const outcome = await ctx.uow.run(asUser(caller), async (repos) => {
      const claim = await repos.idempotency.claim(scope, caller.id, key, hash);
      if (claim.state === "done") {
        if (claim.requestHash !== hash) {
          throw new DomainError("IDEMPOTENCY.KEY_REUSED", "This idempotency key was already used with different parameters");
        }
        const [tx] = await repos.ledger.findTransactions((claim.result as StoredMovement).transactionIds);
        if (!tx) throw new Error("idempotent result points at a missing transaction");
        return { tx, userIds: [] as string[] };
      }
      const moved = await move(repos);
      await repos.idempotency.complete(scope, caller.id, key, { transactionIds: [moved.tx.id] } satisfies StoredMovement);
      return moved;
    });
    if (outcome.userIds.length > 0) {
      await afterCommit(ctx, {
        emit: () => ctx.events.balancesChanged({ userIds: outcome.userIds }),
        evict: outcome.userIds.map(cacheKeys.wallet),
      });
    }
    return outcome.tx;
  }

  return {
    /** Every currency, zero balances included, so the UI can always show all three. */
    async balances(caller: Caller): Promise<Balance[]> {
      return ctx.cache.get(cacheKeys.wallet(caller.id), async () => {
        const stored = await ctx.uow.run(asUser(caller), (repos) => repos.ledger.balances(caller.id));
        const byCurrency = new Map(stored.map((b) => [b.currency, b.balance]));
        return CURRENCIES.map((c) => ({ currency: c, balance: byCurrency.get(c) ?? 0n }));
      });
    },

    async send(caller: Caller, input: SendInput): Promise<Transaction> {
      const cur = asCurrency(input.currency);
      const amount = assertAmount(input.amount);
      const memo = input.memo ?? null;
      const to = input.to.toLowerCase();
      return idempotentMovement(caller, "send", input.idempotencyKey, { to, currency: cur, amount, memo }, async (repos) => {
        const recipient = await repos.users.findByAddress(input.to);
        if (!recipient) throw new DomainError("WALLET.RECIPIENT_NOT_FOUND", "No CaribEX wallet has this address");
        if (recipient.id === caller.id) throw new DomainError("WALLET.SELF_TRANSFER", "You cannot send money to yourself");
        const [tx] = await repos.ledger.post([
          { kind: "transfer", currency: cur, amount, from: { kind: "user", userId: caller.id }, to: { kind: "user", userId: recipient.id }, memo },
        ]);
        return { tx: tx!, userIds: [caller.id, recipient.id] };
      });
    },

    /** Money enters the ledger only here: from the system account, by an admin. */
    async credit(caller: Caller, input: CreditInput): Promise<Transaction> {
      // A service token reaches this only with the wallet:credit scope (checked at the API).
      requireRole(caller, "admin", "service");
      const cur = asCurrency(input.currency);
      const amount = assertAmount(input.amount);
      const memo = input.memo ?? null;
      const params = { userId: input.userId, currency: cur, amount, memo };
      return idempotentMovement(caller, "credit", input.idempotencyKey, params, async (repos) => {
        const user = await repos.users.findById(input.userId);
        if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
        await repos.ledger.ensureWallets(user.id);
        const [tx] = await repos.ledger.post([
          { kind: "credit", currency: cur, amount, from: { kind: "system" }, to: { kind: "user", userId: user.id }, memo },
        ]);
        return { tx: tx!, userIds: [user.id] };
      });
    },

    async history(caller: Caller, q: { currency?: Currency; cursor?: string; limit?: number }) {
      const limit = Math.min(100, Math.max(1, Math.trunc(q.limit ?? 20)));
      return ctx.uow.run(asUser(caller), (repos) =>
        repos.ledger.history(caller.id, { currency: q.currency ? asCurrency(q.currency) : undefined, cursor: q.cursor, limit }),
      );
    },
  };
}
