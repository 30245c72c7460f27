import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { CacheClock } from "./clock";
import { KINDS } from "./l1";
import type { L2 } from "./l2";

const MAX_PENDING = 10_000;
const CLOCK_MARGIN_MS = 50;

// Registers this instance as live (Redis clock) and sends a heartbeat to its own acknowledgement channel. Both
// happen atomically, so a heartbeat that comes back proves the registration too.
const HEARTBEAT_SCRIPT = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

// KEYS: members, then value keys to unlink, generation keys to bump, family version keys to bump.
// ARGV: counts of those three groups, generation TTL (ms), member window (ms), channel, message.
// Returns the Redis time, then each instance that sent a heartbeat within the window (the ones whose
// confirmation the writer needs) followed by the time of its last heartbeat.
const EVICT_SCRIPT = `
local nv, ng, nf = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local i = 2
for _ = 1, nv do redis.call('UNLINK', KEYS[i]); i = i + 1 end
for _ = 1, ng do redis.call('INCR', KEYS[i]); redis.call('PEXPIRE', KEYS[i], ARGV[4]); i = i + 1 end
for _ = 1, nf do redis.call('INCR', KEYS[i]); i = i + 1 end
redis.call('PUBLISH', ARGV[6], ARGV[7])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 30 * window)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], now - window, '+inf', 'WITHSCORES')
table.insert(live, 1, tostring(now))
return live`;

/** An eviction as broadcast to every instance on the eviction channel. */
export interface EvictionMessage {
  /** The instance that made the write; it applied the eviction itself and does not confirm its own. */
  instanceId: string;
  /** Named in each confirmation, sent to the writer's acknowledgement channel as `<messageId> <instanceId>`. */
  messageId: string;
  keys: string[];
  families: string[];
}

/**
 * The previous release's short field names (instanceId, messageId, keys, families). Sent and understood beside the
 * readable ones so instances of both releases evict each other's entries during a rolling deploy; drop them in
 * the release after.
 */
interface LegacyEvictionFields {
  i: string;
  m: string;
  k: string[];
  f: string[];
}

/** What the coherence protocol needs from the local state it guards. */
export interface LocalState {
  /** Applies an eviction another instance broadcast. */
  applyRemote(keys: readonly string[], families: readonly string[]): void;
  /** Forgets everything local: evictions may have been missed. */
  dropAll(): void;
}

export interface CoherenceOptions {
  l2: L2;
  instanceId: string;
  /** Eviction channel; acknowledgements and heartbeats go to `<channel>:ack:<instance>`. */
  channel: string;
  leaseMs: number;
  ackTimeoutMs: number;
  evictTimeoutMs: number;
  /** How long a key's generation outlives its last bump. */
  generationTtlMs: number;
  clock: CacheClock;
  onError: (err: unknown) => void;
  local: LocalState;
}

/**
 * Keeps every instance's L1 honest (see createCache for the promise it serves):
 * - heartbeats and the sync lease: an instance trusts its L1 only while a heartbeat it published less than
 *   `leaseMs` ago has come back through its own subscription;
 * - evictions: published with the Redis changes in one script, then confirmed (acknowledgements) by every
 *   instance that is live, or waited out for `leaseMs`;
 * - replay: evictions Redis could not take are remembered and published once it answers again, and L1 is
 *   dropped before it is trusted again.
 */
export interface Coherence {
  isSynced(): boolean;
  subscribed(): boolean;
  /** Evicts in Redis and on every other instance; returns once none of them can serve the old values. */
  broadcast(keys: readonly string[], families: readonly string[]): Promise<void>;
  pendingEvictions(): number;
  ready(timeoutMs: number): Promise<boolean>;
  close(): void;
}

export function createCoherence(opts: CoherenceOptions): Coherence {
  const { l2, instanceId, channel, leaseMs, clock, onError, local } = opts;
  const redis = l2.redis;
  const now = () => clock.now();
  const ackChannelOf = (id: string) => `${channel}:ack:${id}`;
  const ackChannel = ackChannelOf(instanceId);
  const membersKey = `${channel}:members`;
  // Registration uses the Redis clock and leases the local one: the window is wider than the lease so small
  // differences between the two clocks only ever make a writer wait for one instance too many.
  const memberWindowMs = leaseMs * 2;
  const sleep = (ms: number) => new Promise<void>((r) => clock.setTimer(ms, r));

  let closed = false;
  let subscribed = false;
  // Sync lease, on the monotonic clock. Without Redis there is no other instance to hear from.
  let syncedUntil = redis ? 0 : Number.POSITIVE_INFINITY;
  let mustDrop = false;
  const isSynced = () => now() < syncedUntil;

  // ---- replay of evictions Redis could not take ---------------------------------------------------------------

  const pendingKeys = new Set<string>();
  const pendingFamilies = new Set<string>();
  let pendingOverflow = false;

  function remember(keys: readonly string[], families: readonly string[]) {
    for (const k of keys) pendingKeys.add(k);
    for (const f of families) pendingFamilies.add(f);
    if (pendingKeys.size + pendingFamilies.size > MAX_PENDING) {
      pendingKeys.clear();
      pendingOverflow = true;
    }
  }

  // Runs while the breaker is open and everyone else skips L2: evictions missed during the outage are replayed
  // and L1 is dropped before any read may use L2 again. Resolving closes the breaker.
  l2.onProbe(async () => {
    const keys = [...pendingKeys];
    const families = [...pendingFamilies];
    const overflow = pendingOverflow;
    await l2.exec((r) => r.ping());
    if (overflow) await l2.unlinkNamespace();
    if (keys.length > 0 || families.length > 0) await publishEviction(keys, families);
    for (const k of keys) pendingKeys.delete(k);
    for (const f of families) pendingFamilies.delete(f);
    if (overflow) pendingOverflow = false;
    local.dropAll();
  });

  // Redis could not take the eviction. If the outage reaches the other instances too, their heartbeats stopped
  // when it began, so their leases are over `leaseMs` after that.
  async function waitOutOutage() {
    const since = l2.outageSince() ?? now();
    const rest = since + leaseMs - now();
    if (rest > 0) await sleep(rest);
  }

  // ---- evictions and their acknowledgements ------------------------------------------------------------------

  const acknowledgements = new Map<string, Set<string>>();
  let acknowledgementArrived = () => {};

  function wakeWaitingWriters() {
    const wake = acknowledgementArrived;
    acknowledgementArrived = () => {};
    wake();
  }

  // Evicts in Redis, publishes, and returns once every live instance confirmed or was waited out. Throws when
  // Redis could not be reached (the caller decides what that means).
  async function publishEviction(keys: readonly string[], families: readonly string[]) {
    const messageId = randomUUID();
    const confirmed = new Set<string>();
    acknowledgements.set(messageId, confirmed);
    try {
      const message: EvictionMessage & LegacyEvictionFields = {
        instanceId,
        messageId,
        keys: [...keys],
        families: [...families],
        // The same message as instances of the previous release read it, while a rolling deploy runs both.
        i: instanceId,
        m: messageId,
        k: [...keys],
        f: [...families],
      };
      const valueKeys = keys.flatMap((k) => KINDS.map((kind) => l2.keys.value(kind, k)));
      const generationKeys = keys.map(l2.keys.generation);
      const versionKeys = families.map(l2.keys.familyVersion);
      const scriptKeys = [membersKey, ...valueKeys, ...generationKeys, ...versionKeys];
      const args = [
        valueKeys.length,
        generationKeys.length,
        versionKeys.length,
        opts.generationTtlMs,
        memberWindowMs,
        channel,
        JSON.stringify(message),
      ];
      const reply = await l2.exec(
        (r) => r.eval(EVICT_SCRIPT, scriptKeys.length, ...scriptKeys, ...args) as Promise<string[]>,
        opts.evictTimeoutMs,
      );
      const publishedAt = now();
      const redisNow = Number(reply[0]);
      const lastHeartbeat = new Map<string, number>();
      for (let j = 1; j + 1 < reply.length; j += 2) lastHeartbeat.set(reply[j]!, Number(reply[j + 1]));
      const members = [...lastHeartbeat.keys()];
      const waiting = () => members.filter((m) => m !== instanceId && !confirmed.has(m));
      if (waiting().length === 0) return;

      const deadline = publishedAt + opts.ackTimeoutMs;
      while (waiting().length > 0 && !closed) {
        const left = deadline - now();
        if (left <= 0) break;
        await new Promise<void>((resolve) => {
          const cancel = clock.setTimer(left, resolve);
          const previous = acknowledgementArrived;
          acknowledgementArrived = () => {
            cancel();
            previous();
            resolve();
          };
        });
      }
      const missing = waiting();
      if (missing.length === 0 || closed) return;
      onError(new Error(`cache eviction not confirmed by ${missing.length} of ${members.length - 1} instances; waiting out their sync lease`));
      // Each lease is over `leaseMs` after the publish at the latest, and also `leaseMs` after that instance's
      // last heartbeat (Redis clock, with a margin for clock drift): a crashed instance costs nothing once it
      // has been gone that long.
      const byHeartbeat = Math.max(...missing.map((m) => lastHeartbeat.get(m)! + leaseMs - redisNow)) + CLOCK_MARGIN_MS;
      const rest = publishedAt + Math.min(leaseMs, byHeartbeat) - now();
      if (rest > 0) await sleep(rest);
    } finally {
      acknowledgements.delete(messageId);
    }
  }

  async function broadcast(keys: readonly string[], families: readonly string[]) {
    if (!redis || closed) return;
    // Tried even while the breaker is open: it may have opened on one slow read while Redis still works for
    // everyone else, and then the other instances would keep stale L1 copies until the next probe.
    try {
      await l2.attempt(() => publishEviction(keys, families));
    } catch {
      remember(keys, families);
      await waitOutOutage();
    }
  }

  // ---- heartbeats and the sync lease -------------------------------------------------------------------------

  let heartbeatSeq = 0;
  const heartbeats = new Map<number, number>();
  let onSynced = () => {};

  function heartbeat() {
    if (!redis || closed || !subscribed) return;
    const seq = ++heartbeatSeq;
    heartbeats.set(seq, now());
    // Lost heartbeats are never answered; keep the map small.
    if (heartbeats.size > 50) heartbeats.delete(heartbeats.keys().next().value as number);
    l2.send((r) => r.eval(HEARTBEAT_SCRIPT, 1, membersKey, instanceId, ackChannel, `hb:${seq}`) as Promise<unknown>).catch(() => {});
  }

  function heartbeatReturned(seq: number) {
    const sentAt = heartbeats.get(seq);
    if (sentAt === undefined) return;
    for (const s of heartbeats.keys()) {
      if (s <= seq) heartbeats.delete(s);
      else break;
    }
    // After a reconnect or a lapse messages may have been lost: start over before trusting L1 again.
    if (mustDrop || now() >= syncedUntil) {
      mustDrop = false;
      local.dropAll();
    }
    syncedUntil = Math.max(syncedUntil, sentAt + leaseMs);
    const notify = onSynced;
    onSynced = () => {};
    notify();
  }

  function unsync() {
    subscribed = false;
    syncedUntil = 0;
    mustDrop = true;
  }

  // ---- the subscription --------------------------------------------------------------------------------------

  function received(ch: string, payload: string, client: Redis) {
    if (ch === ackChannel) {
      if (payload.startsWith("hb:")) {
        heartbeatReturned(Number(payload.slice(3)));
        return;
      }
      const space = payload.indexOf(" ");
      const confirmed = acknowledgements.get(payload.slice(0, space));
      if (confirmed) {
        confirmed.add(payload.slice(space + 1));
        wakeWaitingWriters();
      }
      return;
    }
    if (ch !== channel) return;
    let message: EvictionMessage;
    try {
      const parsed = JSON.parse(payload) as Partial<EvictionMessage & LegacyEvictionFields>;
      message = {
        instanceId: parsed.instanceId ?? parsed.i ?? "",
        messageId: parsed.messageId ?? parsed.m ?? "",
        keys: parsed.keys ?? parsed.k ?? [],
        families: parsed.families ?? parsed.f ?? [],
      };
    } catch (err) {
      onError(err);
      return;
    }
    if (message.instanceId === instanceId) return;
    local.applyRemote(message.keys, message.families);
    if (client.status === "ready") {
      client.publish(ackChannelOf(message.instanceId), `${message.messageId} ${instanceId}`).catch(() => {});
    }
  }

  let sub: Redis | undefined;
  let subscription: Promise<void> = Promise.resolve();
  let stopHeartbeats = () => {};
  let detach = () => {};

  if (redis) {
    // A client that (re)connects is worth probing at once rather than at the next timer tick.
    const onMainReady = () => {
      if (!closed) l2.probeNow();
    };
    redis.on("ready", onMainReady);
    detach = () => redis.off("ready", onMainReady);

    sub = redis.duplicate();
    let readies = 0;
    sub.on("error", (err: unknown) => {
      if (!l2.breaker.isOpen) onError(err);
    });
    sub.on("close", unsync);
    sub.on("ready", () => {
      readies++;
      // ioredis resubscribes by itself after a reconnect; the next returning heartbeat drops L1.
      if (readies > 1) {
        subscribed = true;
        heartbeat();
      }
    });
    sub.on("message", (ch: string, payload: string) => received(ch, payload, redis));
    subscription = sub.subscribe(channel, ackChannel).then(
      () => {
        subscribed = true;
        heartbeat();
      },
      (err: unknown) => onError(err),
    );
    const every = Math.max(10, Math.floor(leaseMs / 5));
    const schedule = () => {
      stopHeartbeats = clock.setTimer(
        every,
        () => {
          if (closed) return;
          heartbeat();
          schedule();
        },
        { background: true },
      );
    };
    schedule();
  }

  return {
    isSynced,
    subscribed: () => subscribed,
    broadcast,
    pendingEvictions: () => pendingKeys.size + pendingFamilies.size + (pendingOverflow ? 1 : 0),
    async ready(timeoutMs) {
      if (!redis) return true;
      let cancel = () => {};
      const expired = new Promise<void>((r) => (cancel = clock.setTimer(timeoutMs, r)));
      const synced = new Promise<void>((resolve) => {
        if (isSynced()) return resolve();
        const previous = onSynced;
        onSynced = () => {
          previous();
          resolve();
        };
        heartbeat();
      });
      await Promise.race([Promise.all([subscription, synced]), expired]);
      cancel();
      return subscribed && isSynced();
    },
    close() {
      closed = true;
      unsync();
      l2.close();
      stopHeartbeats();
      detach();
      wakeWaitingWriters();
      if (redis?.status === "ready") redis.zrem(membersKey, instanceId).catch(() => {});
      if (sub) {
        sub.removeAllListeners("ready");
        sub.disconnect();
      }
    },
  };
}
