// What the server and the apps use. Procedure builders, error mapping and bucket maths stay internal.
export {
  createInnerContext,
  memoryExchange,
  type ApiConfig,
  type ChainActivityEvent,
  type ChainActivityFeed,
  type ApiDeps,
  type AuthPort,
  type Caller,
  type Context,
  type HttpExchange,
  type InnerDeps,
  type OrderFeed,
  type OrderStatusEvent,
  type Principal,
  type StreamGate,
  type StreamLease,
  type SystemPort,
  type UserFeed,
} from "./context";
export { describeError, ERROR_MAP, type PublicError } from "./errors";
export { rateLimitError, type RateDecision, type RateLimitedCall, type RateLimiter } from "./middleware/rate-limit";
export { proceduresOf, type Meta, type ProcedureFacts, type RateClass, type RestRoute } from "./procedure-meta";
export { createRateLimiter, MemoryBucketStore, UPLOAD_PROCEDURE, type Bucket, type BucketStore, type RateLimitPolicy } from "./middleware/token-bucket";
export { RedisBucketStore, type RedisEval } from "./middleware/redis-bucket-store";
export { appRouter, createCaller, type AppRouter } from "./root";
export { decodePublicRead, isPublicRead, renderPublicRead, type CacheSlot, type PublicReadCall } from "./public-reads";
