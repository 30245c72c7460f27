import type { FxRate } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { FX_HISTORY_LIMIT } from "./rates-changed";

/** Every stored rate, newest first (admin). */
export async function listRates(ctx: Ctx, caller: Caller, limit = FX_HISTORY_LIMIT): Promise<FxRate[]> {
  requireRole(caller, "admin");
  const n = Math.min(FX_HISTORY_LIMIT, Math.max(1, Math.trunc(limit)));
  return ctx.uow.run(asUser(caller), (repos) => repos.fx.history(n));
}
