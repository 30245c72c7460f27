import type { IncomingMessage, ServerResponse } from "node:http";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter, memoryExchange, type ApiDeps, type Context } from "@caribex/api";
import type { Composition } from "../composition/compose";
import { createPublicReads } from "../public-reads";
import { ANONYMOUS, type RequestStates } from "./request-state";

export interface TrpcHandlers {
  /** The tRPC router over node:http, under /trpc/. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  publicReads: ReturnType<typeof createPublicReads>;
}

export function createTrpcHandlers(c: Composition, opts: { states: RequestStates; context(req: IncomingMessage, res: ServerResponse): Promise<Context>; sessionCookie: string }): TrpcHandlers {
  const { config, logger, deps, services, cache, rateLimiter } = c;
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

  // Cached reads are rendered by the very same router, as an anonymous caller; the request that triggered the
  // load has already been rate limited, and the bytes are shared by every anonymous caller after it.
  const renderDeps: ApiDeps = { ...deps, rateLimiter: undefined };
  const publicReads = createPublicReads({
    cache,
    rateLimiter,
    sessionCookie,
    maxBatchSize: config.MAX_BATCH_SIZE,
    async render(procedure, input, requestId) {
      const query = input === null ? "" : `?input=${encodeURIComponent(input)}`;
      const response = await fetchRequestHandler({
        router: appRouter,
        endpoint: "/trpc",
        req: new Request(`http://localhost/trpc/${procedure}${query}`),
        createContext: (): Context => ({
          deps: renderDeps,
          services,
          user: null,
          principal: ANONYMOUS.principal,
          authError: null,
          requestId,
          http: memoryExchange(),
        }),
      });
      return { status: response.status, body: await response.text() };
    },
  });

  return { handle: async (req, res) => trpc(req, res), publicReads };
}
