import { currency as asCurrency, type Currency } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";

/** The caller's movements, newest first, a page at a time. */
export function listHistory(ctx: Ctx, caller: Caller, q: { currency?: Currency; cursor?: string; limit?: number }) {
  const limit = Math.min(100, Math.max(1, Math.trunc(q.limit ?? 20)));
  return ctx.uow.run(asUser(caller), (repos) =>
    repos.ledger.history(caller.id, { currency: q.currency ? asCurrency(q.currency) : undefined, cursor: q.cursor, limit }),
  );
}
