import { withTimeout, type SessionStore } from "@caribex/domain";

/** The ioredis calls the Redis session store makes (Lua keeps each change atomic). */
export interface RedisScripting {
  get(key: string): Promise<string | null>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// KEYS: the session, the user's set of sessions. ARGV: user id, ttl (ms), session id, session key prefix.
// Members whose record has expired are dropped on the way, so the set stays as small as the live sessions.
const CREATE = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for _, m in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[4] .. m) == 0 then redis.call('SREM', KEYS[2], m) end
end
redis.call('SADD', KEYS[2], ARGV[3])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 1`;

// KEYS: the session. ARGV: ttl (ms), user set prefix. Never creates: a revoked (deleted) session stays gone.
const EXTEND = `
local uid = redis.call('GET', KEYS[1])
if not uid then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local users = ARGV[2] .. uid
if redis.call('PTTL', users) < tonumber(ARGV[1]) then redis.call('PEXPIRE', users, ARGV[1]) end
return 1`;

// KEYS: the session. ARGV: user set prefix, session id.
const REVOKE = `
local uid = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
if uid then redis.call('SREM', ARGV[1] .. uid, ARGV[2]) end
return 1`;

// KEYS: the user's set. ARGV: session key prefix.
const REVOKE_ALL = `
for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', ARGV[1] .. m) end
redis.call('DEL', KEYS[1])
return 1`;

/**
 * Sessions in Redis: one key per session holding its user id, expiring with the session, and one set per user
 * naming their sessions, so "sign out everywhere" is one atomic script. Revoking deletes the key; nothing ever
 * recreates it, so a revoked session cannot come back through a refresh.
 */
export class RedisSessionStore implements SessionStore {
  private readonly sessionPrefix: string;
  private readonly userPrefix: string;

  constructor(
    private readonly redis: RedisScripting,
    prefix = "session:",
  ) {
    this.sessionPrefix = `${prefix}s:`;
    this.userPrefix = `${prefix}u:`;
  }

  private ttl(expiresAt: Date, now: Date): number {
    return Math.max(1, expiresAt.getTime() - now.getTime());
  }

  async create(s: { id: string; userId: string; expiresAt: Date }): Promise<void> {
    const ttl = this.ttl(s.expiresAt, new Date());
    await this.redis.eval(CREATE, 2, this.sessionPrefix + s.id, this.userPrefix + s.userId, s.userId, ttl, s.id, this.sessionPrefix);
  }

  async find(id: string): Promise<{ userId: string } | null> {
    // Redis expires the key itself, so a present key is a live session.
    const userId = await this.redis.get(this.sessionPrefix + id);
    return userId ? { userId } : null;
  }

  async extend(id: string, expiresAt: Date, now: Date): Promise<boolean> {
    return (await this.redis.eval(EXTEND, 1, this.sessionPrefix + id, this.ttl(expiresAt, now), this.userPrefix)) === 1;
  }

  async revoke(id: string): Promise<void> {
    await this.redis.eval(REVOKE, 1, this.sessionPrefix + id, this.userPrefix, id);
  }

  async revokeAllForUser(userId: string): Promise<void> {
    await this.redis.eval(REVOKE_ALL, 1, this.userPrefix + userId, this.sessionPrefix);
  }
}

/**
 * Sessions kept in Redis for speed and in the database for durability, so a Redis outage or restart neither
 * signs everybody out nor stops signed-in traffic. The database is the record of truth: every change must reach
 * it, and reaches Redis when Redis answers. Lookups ask Redis first (bounded by `timeoutMs`) and the database
 * when Redis misses or does not answer. A revocation Redis missed is retried until Redis takes it, so a session
 * ended during an outage does not come back when Redis does.
 */
export class MirroredSessionStore implements SessionStore {
  private readonly unsynced = new Map<string, () => Promise<void>>();

  constructor(
    private readonly fast: SessionStore,
    private readonly durable: SessionStore,
    private readonly options: { timeoutMs?: number; onFastFailure?: (e: unknown) => void } = {},
  ) {}

  private async tryFast<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await withTimeout(call(), this.options.timeoutMs ?? 250, "session store timed out") };
    } catch (e) {
      this.options.onFastFailure?.(e);
      return { ok: false };
    }
  }

  /** Replays revocations Redis missed; each stays queued until Redis has taken it. */
  private async flush(): Promise<void> {
    for (const [key, replay] of [...this.unsynced]) {
      if (!(await this.tryFast(replay)).ok) return;
      this.unsynced.delete(key);
    }
  }

  private async revokeFast(key: string, call: () => Promise<void>): Promise<void> {
    if (!(await this.tryFast(call)).ok) this.unsynced.set(key, call);
  }

  /** How many revocations are waiting for Redis (for tests and health details). */
  get pendingRevocations(): number {
    return this.unsynced.size;
  }

  async create(s: { id: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.durable.create(s);
    await this.tryFast(() => this.fast.create(s));
  }

  async find(id: string, now: Date): Promise<{ userId: string } | null> {
    if (this.unsynced.size > 0) await this.flush();
    // While revocations are still waiting for Redis, Redis may hold sessions that have ended: ask the record.
    if (this.unsynced.size === 0) {
      const hit = await this.tryFast(() => this.fast.find(id, now));
      if (hit.ok && hit.value) return hit.value;
    }
    return this.durable.find(id, now);
  }

  async extend(id: string, expiresAt: Date, now: Date): Promise<boolean> {
    const live = await this.durable.extend(id, expiresAt, now);
    if (live) {
      const extended = await this.tryFast(() => this.fast.extend(id, expiresAt, now));
      // Redis lost it (a restart, or it was created during an outage): put it back from the record.
      if (extended.ok && !extended.value) {
        const record = await this.durable.find(id, now);
        if (record) await this.tryFast(() => this.fast.create({ id, userId: record.userId, expiresAt }));
      }
    }
    return live;
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.durable.revoke(id, now);
    await this.revokeFast(`s:${id}`, () => this.fast.revoke(id, now));
  }

  async revokeAllForUser(userId: string, now: Date): Promise<void> {
    await this.durable.revokeAllForUser(userId, now);
    await this.revokeFast(`u:${userId}`, () => this.fast.revokeAllForUser(userId, now));
  }
}
