import { Redis, type RedisOptions } from "ioredis";
import type { Env } from "@caribex/config";
import { describeTarget } from "@caribex/db";
import type { Logger } from "@caribex/observability";

/** The connections other parts of the app use directly (tests break them on purpose). */
export interface RedisHandles {
  main?: Redis;
  limiter?: Redis;
}

export interface RedisConnections {
  handles: RedisHandles;
  /** Feeds listen on it; a subscribed connection can do nothing else. */
  subscriber?: Redis;
  quit(): Promise<void>;
}

function redisClient(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableAutoPipelining: true, ...extra });
}

/** Opens the Redis connections when REDIS_URL is set; without it every user of Redis has its fallback. */
export function connectRedis(config: Env, logger: Logger): RedisConnections {
  const handles: RedisHandles = {};
  let subscriber: Redis | undefined;
  if (config.REDIS_URL) {
    handles.main = redisClient(config.REDIS_URL);
    subscriber = handles.main.duplicate();
    // Its own connection that fails fast instead of queueing, so limits fall back to memory at once.
    handles.limiter = redisClient(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    // Redis is optional at run time: the cache, rate limits and order feed degrade without it. The operator hears
    // once per outage, with the variable to check, instead of once per reconnect attempt.
    const target = describeTarget(config.REDIS_URL);
    let down = false;
    for (const c of [handles.main, subscriber, handles.limiter]) {
      c.on("error", (e: Error & { code?: string }) => {
        if (!down) logger.warn({ variable: "REDIS_URL", target, err: e.code ?? e.message }, `REDIS_URL: cannot reach Redis at ${target}; running degraded until it is back`);
        else logger.debug({ err: e.message }, "redis connection error");
        down = true;
      });
      c.on("ready", () => {
        if (down) logger.info({ variable: "REDIS_URL", target }, "Redis is reachable again");
        down = false;
      });
    }
  }
  return {
    handles,
    ...(subscriber ? { subscriber } : {}),
    async quit() {
      await Promise.allSettled([handles.main?.quit(), subscriber?.quit(), handles.limiter?.quit()]);
    },
  };
}
