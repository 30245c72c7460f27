import type { Repositories, Transaction } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requestHash } from "../shared/hash";
import { idempotent } from "../shared/idempotent";

interface StoredMovement {
  transactionIds: string[];
}

/**
 * One keyed movement of money as the caller (the ledger's posting function lets a user debit only their own wallet,
 * and only an admin credit from the system account): a replay with the same parameters returns the stored
 * transaction and moves nothing; the same key with other parameters is refused.
 */
export async function keyedMovement(
  ctx: Ctx,
  caller: Caller,
  request: { scope: string; key: string; params: Record<string, unknown> },
  move: (repos: Repositories) => Promise<{ tx: Transaction; userIds: string[] }>,
): Promise<Transaction> {
  const { value: outcome, replayed } = await ctx.uow.run(asUser(caller), (repos) =>
    idempotent(repos, {
      scope: request.scope,
      userId: caller.id,
      key: request.key,
      requestHash: requestHash(request.params),
      async replay(stored: StoredMovement) {
        const [tx] = await repos.ledger.findTransactions(stored.transactionIds);
        if (!tx) throw new Error("idempotent result points at a missing transaction");
        return { tx, userIds: [] };
      },
      async run() {
        const moved = await move(repos);
        return { value: moved, stored: { transactionIds: [moved.tx.id] } };
      },
    }),
  );
  if (!replayed && outcome.userIds.length > 0) {
    await afterCommit(ctx, {
      emit: () => ctx.events.balancesChanged({ userIds: outcome.userIds }),
      evict: outcome.userIds.map(cacheKeys.wallet),
    });
  }
  return outcome.tx;
}
