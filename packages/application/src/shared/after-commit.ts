import type { Ctx } from "./deps";

/**
 * Effects that follow a committed write: events and cache eviction. The write has already happened, so a
 * failing cache must not turn it into an error for the caller (who might retry a payment); entries also expire
 * by TTL, which bounds the staleness.
 */
export async function afterCommit(ctx: Ctx, effects: { evict?: string[]; evictFamilies?: string[]; emit?: () => void }): Promise<void> {
  try {
    effects.emit?.();
  } catch {
    // Listeners are best-effort notifications (live status, cross-instance eviction).
  }
  const tasks: Promise<void>[] = [];
  if (effects.evict?.length) tasks.push(ctx.cache.evict(...effects.evict));
  for (const family of effects.evictFamilies ?? []) tasks.push(ctx.cache.evictFamily(family));
  await Promise.allSettled(tasks);
}
