import type { StreamGate, StreamLease } from "@caribex/api";
import { DomainError } from "@caribex/domain";

export interface StreamRegistry extends StreamGate {
  /** Something about the user's sessions changed (one ended, all ended, a role changed): re-check their streams. */
  sessionsChanged(userId: string): void;
  /** Changes may have been missed (Redis reconnect): re-check every stream. */
  recheckAll(): void;
  /** Throws RATE_LIMIT.EXCEEDED when the user already holds as many streams as allowed here. */
  assertRoom(userId: string): void;
}

interface Entry {
  sessionId: string | null;
  controller: AbortController;
}

/**
 * Live streams on this instance, per user. The cap is per instance: it bounds what one user can hold open here.
 * A stream ends when its session does: every ended session evicts the user's session lookups on every instance
 * (the cache's broadcast), each instance re-checks that user's streams against the session store, and aborts
 * those whose session is gone.
 */
export function createStreamRegistry(opts: {
  maxPerUser: number;
  alive(userId: string, sessionId: string): Promise<boolean>;
  onError(err: unknown): void;
}): StreamRegistry {
  const byUser = new Map<string, Set<Entry>>();

  function recheck(userId: string) {
    const entries = byUser.get(userId);
    if (!entries) return;
    const sessions = new Set([...entries].map((e) => e.sessionId).filter((s): s is string => s !== null));
    for (const sessionId of sessions) {
      opts.alive(userId, sessionId).then(
        (alive) => {
          if (alive) return;
          for (const e of byUser.get(userId) ?? []) if (e.sessionId === sessionId) e.controller.abort();
        },
        (err: unknown) => opts.onError(err),
      );
    }
  }

  function assertRoom(userId: string) {
    if ((byUser.get(userId)?.size ?? 0) < opts.maxPerUser) return;
    throw new DomainError("RATE_LIMIT.EXCEEDED", `Too many live streams: at most ${opts.maxPerUser} at a time. Close one and try again.`, {
      limit: opts.maxPerUser,
      resource: "streams",
    });
  }

  return {
    assertRoom,
    open(userId, sessionId): StreamLease {
      assertRoom(userId);
      const entries = byUser.get(userId) ?? new Set<Entry>();
      const entry: Entry = { sessionId, controller: new AbortController() };
      entries.add(entry);
      byUser.set(userId, entries);
      let released = false;
      return {
        signal: entry.controller.signal,
        release() {
          if (released) return;
          released = true;
          entries.delete(entry);
          if (entries.size === 0 && byUser.get(userId) === entries) byUser.delete(userId);
        },
      };
    },
    sessionsChanged: recheck,
    recheckAll() {
      for (const userId of byUser.keys()) recheck(userId);
    },
  };
}
