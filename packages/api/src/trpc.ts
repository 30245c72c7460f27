import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { DomainError } from "@caribex/domain";
import type { Caller, Context } from "./context";
import { describeError, toTRPCError, type PublicError } from "./errors";
import { rateLimitError } from "./middleware/rate-limit";
import type { Meta } from "./procedure-meta";

export type { Meta } from "./procedure-meta";

const errorShapes = new WeakSet<object>();

/**
 * superjson both ways; error shapes additionally carry their `code`, `message` and `details` as plain JSON next
 * to superjson's `json`/`meta`, so a client without superjson still reads `{ error: { code, message, details } }`.
 * superjson's deserialize ignores the extra keys.
 */
export const transformer = {
  input: superjson,
  output: {
    serialize(value: unknown): unknown {
      const out = superjson.serialize(value);
      if (typeof value === "object" && value !== null && errorShapes.has(value)) {
        const { code, message, details } = (value as { error: PublicError }).error;
        return { ...out, code, message, details };
      }
      return out;
    },
    deserialize: (value: unknown) => superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]),
  },
};

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer,
    // Stacks are added by the formatter below only when the configuration says so.
    isDev: false,
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 20_000 } },
    errorFormatter({ shape, error, ctx }) {
      const expose = ctx?.deps.config.exposeErrors ?? false;
      const pub = describeError(error, expose);
      const formatted = {
        message: pub.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domainCode: pub.code,
          details: pub.details,
          ...(expose && error.stack ? { stack: error.stack } : {}),
        },
        error: pub,
      };
      errorShapes.add(formatted);
      return formatted;
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Domain errors become tRPC errors with the right status here, once; routers never catch them. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/**
 * Credentials: a bad Bearer token fails every call; a service token only reaches procedures in its scopes.
 * Then the rate limit, keyed by client address and, when known, by user, in the class the procedure declares.
 */
const guard = t.middleware(async ({ ctx, meta, path, next }) => {
  if (ctx.authError) throw ctx.authError;
  if (ctx.principal.kind === "service") {
    const scope = meta?.scope;
    if (!scope || !ctx.principal.scopes.includes(scope)) {
      throw new DomainError("AUTH.FORBIDDEN", "This service token may not call this procedure", { procedure: path });
    }
  }
  const limiter = ctx.deps.rateLimiter;
  if (limiter) {
    const decision = await limiter.check({ ip: ctx.http.ip, userId: ctx.user?.id ?? null, procedure: path, rateClass: meta?.rateLimit ?? "standard" });
    if (!decision.allowed) {
      ctx.http.setHeader("retry-after", String(Math.max(1, Math.ceil(decision.retryAfterSeconds))));
      throw rateLimitError(decision.retryAfterSeconds);
    }
  }
  return next();
});

const traced = t.middleware(({ ctx, path, type, next }) => {
  const trace = ctx.deps.trace;
  return trace ? trace(`trpc ${path}`, { "rpc.system": "trpc", "rpc.method": path, "rpc.type": type }, () => next()) : next();
});

export const publicProcedure = t.procedure.use(traced).use(mapErrors).use(guard);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new DomainError("AUTH.UNAUTHENTICATED", "Sign in first");
  return next({ ctx: { user: ctx.user satisfies Caller } });
});

export const sellerProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "seller") throw new DomainError("AUTH.FORBIDDEN", "Only sellers may do this");
  return next();
});

export const adminProcedure = authedProcedure.use(({ ctx, meta, next }) => {
  // A service token got here only through a scope this procedure declares (see guard); nothing else admits it.
  const scopedService = ctx.user.role === "service" && ctx.principal.kind === "service" && meta?.scope !== undefined;
  if (ctx.user.role !== "admin" && !scopedService) throw new DomainError("AUTH.FORBIDDEN", "Only administrators may do this");
  return next();
});

export { TRPCError };
