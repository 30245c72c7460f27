import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { statsWindow } from "../shared/stats-window";

/** Sales per currency, orders and sign-ups per day over the last `days` days. */
export async function getStats(ctx: Ctx, caller: Caller, days = 30) {
  requireRole(caller, "admin");
  const window = statsWindow(days);
  return ctx.uow.run(asUser(caller), async (repos) => ({ days: window, ...(await repos.stats.daily(window)) }));
}
