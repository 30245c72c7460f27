import { escrowReleaseCutoff, type Order } from "@caribex/domain";
import { systemActor, type Ctx } from "../shared/deps";
import { releaseEscrow } from "./escrow";
import { moveOrder } from "./move-order";

/**
 * Completes every shipped order whose release period ended by `now` and pays its seller. Each order moves in its own
 * transaction under its row lock and only while it is still shipped and due, so concurrent runs (or instances)
 * release each order exactly once and a confirmation or dispute that got there first wins.
 */
export async function releaseDueEscrows(
  ctx: Ctx,
  now: Date,
  opts: { days?: number; batchSize?: number } = {},
): Promise<{ released: string[]; failed: string[] }> {
  const cutoff = escrowReleaseCutoff(now, opts.days ?? ctx.escrowReleaseDays);
  const batchSize = opts.batchSize ?? 100;
  const stillDue = (o: Order) => o.status === "shipped" && o.shippedAt !== null && o.shippedAt.getTime() <= cutoff.getTime();
  const released: string[] = [];
  const failed: string[] = [];
  const seen = new Set<string>();
  for (;;) {
    const due = (await ctx.uow.run(systemActor, (repos) => repos.orders.dueForRelease(cutoff, batchSize))).filter((id) => !seen.has(id));
    if (due.length === 0) break;
    for (const id of due) {
      seen.add(id);
      try {
        const order = await moveOrder(ctx, { system: true }, id, { to: "completed", effects: releaseEscrow, precondition: stillDue });
        if (order) released.push(order.id);
      } catch {
        // One order that cannot move (it stays shipped) must not hold up the others; the next run retries it.
        failed.push(id);
      }
    }
  }
  return { released, failed };
}
