import { systemActor, type Ctx } from "../shared/deps";
import { snapshotView, type LiabilitySnapshotView } from "./views";

/** The newest published snapshots, for anyone (GET /reserves). */
export async function listLiabilitySnapshots(ctx: Ctx, limit = 10): Promise<LiabilitySnapshotView[]> {
  const rows = await ctx.uow.run(systemActor, (r) => r.liabilities.listSnapshots(Math.min(100, Math.max(1, limit))));
  return rows.map(snapshotView);
}
