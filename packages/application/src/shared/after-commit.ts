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
  const keys = effects.evict ?? [];
  const families = effects.evictFamilies ?? [];
  if (keys.length === 0 && families.length === 0) return;
  // Awaited before the caller responds: the cache resolves only once no instance can serve the old values.
  if (ctx.cache.invalidate) {
    await ctx.cache.invalidate({ keys, families }).catch(() => {});
    return;
  }
  const tasks: Promise<void>[] = [];
  if (keys.length > 0) tasks.push(ctx.cache.evict(...keys));
  for (const family of families) tasks.push(ctx.cache.evictFamily(family));
  await Promise.allSettled(tasks);
}
