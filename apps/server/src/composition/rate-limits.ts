import type { Redis } from "ioredis";
import { createRateLimiter, MemoryBucketStore, RedisBucketStore, type RateLimiter, type RedisEval } from "@caribex/api";
import type { Env } from "@caribex/config";
import type { Logger } from "@caribex/observability";

/** Per-address and per-user request budgets, shared through Redis, in process while Redis is away. */
export function createRateLimits(opts: { config: Env; redis?: Redis; namespace: string; logger: Logger }): RateLimiter {
  const { config, redis, namespace, logger } = opts;
  const memoryBuckets = new MemoryBucketStore();
  return createRateLimiter(
    { ipPerMinute: config.RATE_LIMIT_IP_PER_MINUTE, userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE, sensitivePerMinute: config.RATE_LIMIT_SENSITIVE_PER_MINUTE, uploadsPerMinute: config.RATE_LIMIT_UPLOADS_PER_MINUTE },
    redis
      ? new RedisBucketStore(redis as unknown as RedisEval, memoryBuckets, {
          prefix: `${namespace}:rl:`,
          onFallback: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "rate limits fell back to in-process buckets"),
        })
      : memoryBuckets,
  );
}
