import type { IncomingMessage, ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter, createInnerContext, type ApiDeps, type Context } from "@caribex/api";
import type { Composition } from "../composition/compose";
import { createCachedReads } from "./cached-reads";
import type { RequestStates } from "./request-state";

export interface TrpcHandlers {
  /** The tRPC router over node:http, under /trpc/. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Anonymous catalogue reads from cached bytes. */
  cachedReads: ReturnType<typeof createCachedReads>;
}

export function createTrpcHandlers(c: Composition, opts: { states: RequestStates; context(req: IncomingMessage, res: ServerResponse): Promise<Context>; sessionCookie: string }): TrpcHandlers {
  const { config, logger, deps, cache, rateLimiter } = c;
  const { states, context, sessionCookie } = opts;
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: config.MAX_BODY_BYTES,
    maxBatchSize: config.MAX_BATCH_SIZE,
    createContext: ({ req, res }) => context(req, res),
    onError({ error, path, req }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        // The request's own line reports it (at error, with the stack); a separate line only for a request
        // this server did not start tracking, which should not happen.
        const state = states.get(req);
        if (state) state.error ??= error.cause ?? error;
        else logger.error({ err: error.cause ?? error, procedure: path ?? "unknown" }, "procedure failed");
      }
    },
  });

  // A public read renders through its own procedure as an anonymous caller. The request that triggered the load
  // has already been rate limited, and the bytes are shared by every anonymous caller after it.
  const renderDeps: ApiDeps = { ...deps, rateLimiter: undefined };
  const cachedReads = createCachedReads({
    cache,
    rateLimiter,
    sessionCookie,
    maxBatchSize: config.MAX_BATCH_SIZE,
    anonymousContext: (requestId) => createInnerContext(renderDeps, { requestId }),
  });

  return { handle: async (req, res) => trpc(req, res), cachedReads };
}
