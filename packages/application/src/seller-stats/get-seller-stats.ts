import { CURRENCIES, type Currency } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { statsWindow } from "../shared/stats-window";

export interface SellerStats {
  days: number;
  sales: { day: string; currency: Currency; amount: bigint; orders: number }[];
  orders: { day: string; count: number }[];
  /** Sums over the window, only for currencies the seller sold in. */
  totals: { currency: Currency; amount: bigint; orders: number }[];
}

/** A seller's own sales figures. Not cached: each seller has their own, and they change with every order. */
export async function getSellerStats(ctx: Ctx, caller: Caller, days = 30): Promise<SellerStats> {
  requireRole(caller, "seller", "admin");
  const window = statsWindow(days);
  const { sales, orders } = await ctx.uow.run(asUser(caller), (repos) => repos.stats.sellerDaily(caller.id, window));
  const totals = CURRENCIES.map((currency) => {
    const rows = sales.filter((s) => s.currency === currency);
    return { currency, amount: rows.reduce((a, r) => a + r.amount, 0n), orders: rows.reduce((a, r) => a + r.orders, 0) };
  }).filter((t) => t.orders > 0);
  return { days: window, sales, orders, totals };
}
