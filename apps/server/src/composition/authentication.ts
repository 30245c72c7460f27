import type { Redis } from "ioredis";
import { createAuth, FallbackNonceStore, MirroredSessionStore, RedisNonceStore, RedisSessionStore, rpcContractChecker } from "@caribex/auth";
import type { Cache } from "@caribex/cache";
import type { Env } from "@caribex/config";
import { createAuthStores, type Database } from "@caribex/db";
import type { Clock } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import { tracedContractChecker } from "../instrumentation";

type AuthOptions = Parameters<typeof createAuth>[0];

interface AuthenticationOptions {
  config: Env;
  database: Database;
  redis?: Redis;
  namespace: string;
  clock: Clock;
  users: AuthOptions["users"];
  sessionCache: Cache;
  logger: Logger;
}

/** Sign-in (SIWE), sessions, refresh and service tokens, with Redis in front of the database where it helps. */
export function createAuthentication(opts: AuthenticationOptions): ReturnType<typeof createAuth> {
  const { config, database, redis, namespace, clock, users, sessionCache, logger } = opts;
  const stores = createAuthStores(database);
  return createAuth({
    config: {
      production: config.NODE_ENV === "production",
      sessionSecret: config.SESSION_SECRET,
      sessionTtlSeconds: config.SESSION_TTL_SECONDS,
      refreshTtlSeconds: config.REFRESH_TTL_SECONDS,
      nonceTtlSeconds: config.NONCE_TTL_SECONDS,
      allowedOrigins: config.ALLOWED_ORIGINS,
      chainIds: config.SIWE_CHAIN_IDS,
      jwtSecret: config.JWT_SECRET,
      jwtIssuer: config.JWT_ISSUER,
    },
    clock,
    // While Redis is away, new nonces go to the database, so signing in keeps working.
    nonces: redis
      ? new FallbackNonceStore(new RedisNonceStore(redis, `${namespace}:siwe:nonce:`), stores.nonces, (e) =>
          logger.warn({ err: e instanceof Error ? e.message : String(e) }, "nonces fell back to the database"),
        )
      : stores.nonces,
    refreshTokens: stores.refreshTokens,
    serviceClients: stores.serviceClients,
    users,
    // Redis answers most lookups; the database keeps every session, so a Redis outage signs nobody out.
    sessions: redis
      ? new MirroredSessionStore(new RedisSessionStore(redis, `${namespace}:session:`), stores.sessions, {
          onFastFailure: (e) => logger.debug({ err: e instanceof Error ? e.message : String(e) }, "session lookup fell back to the database"),
        })
      : stores.sessions,
    sessionCache,
    sessionCacheTtlMs: config.SESSION_CACHE_TTL_MS,
    ...(config.EIP1271_RPC_URL
      ? { contractWallets: tracedContractChecker(rpcContractChecker(config.EIP1271_RPC_URL, config.SIWE_CHAIN_IDS[0] ?? 1), config.SIWE_CHAIN_IDS[0] ?? 1) }
      : {}),
  });
}
