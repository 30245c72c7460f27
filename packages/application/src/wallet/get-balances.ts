import { CURRENCIES, type Balance } from "@caribex/domain";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";

/** Every currency, zero balances included, so the UI can always show all three. */
export function getBalances(ctx: Ctx, caller: Caller): Promise<Balance[]> {
  return ctx.cache.get(cacheKeys.wallet(caller.id), async () => {
    const stored = await ctx.uow.run(asUser(caller), (repos) => repos.ledger.balances(caller.id));
    const byCurrency = new Map(stored.map((b) => [b.currency, b.balance]));
    return CURRENCIES.map((c) => ({ currency: c, balance: byCurrency.get(c) ?? 0n }));
  });
}
