import type { IncomingMessage, ServerResponse } from "node:http";
import { UPLOAD_PROCEDURE } from "@caribex/api";
import { isDomainError } from "@caribex/domain";
import type { Composition } from "../composition/compose";
import { sendJson, sendTrpcError } from "../http-util";
import { createImageRoutes } from "../images/routes";
import { openApiDocument } from "../rest/openapi";
import { referencePage } from "../rest/reference-page";
import { REST_PREFIX } from "../rest/rest-operations";
import { sendRestError, serveRest } from "../rest/serve-rest";
import type { Guards, GuardedSurface } from "./guards";
import { createReservesRoute } from "./reserves";
import type { RequestContexts } from "./request-context";
import type { RequestState } from "./request-state";
import type { TrpcHandlers } from "./trpc";

const REST_SURFACE: GuardedSurface = {
  methods: "GET, POST, PUT, DELETE",
  headers: "content-type, authorization, x-request-id, x-caribex-csrf",
  reject: (_req, res, code, message, details = {}) => sendRestError(res, { code, message, details }),
};

const TRPC_SURFACE: GuardedSurface = {
  methods: "GET, POST",
  headers: "content-type, authorization, x-request-id, x-caribex-csrf, trpc-accept, last-event-id",
  reject: (req, res, code, message, details) => sendTrpcError(req, res, code, message, details),
};

interface RouteOptions {
  guards: Guards;
  contexts: RequestContexts;
  trpc: TrpcHandlers;
  sessionCookie: string;
  /** Answers /healthz, /readyz and /metrics; false for any other path. */
  probe(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
  /** Live event streams, which shutdown ends (they never finish on their own). */
  liveStreams: Set<ServerResponse>;
}

/**
 * Which handler answers a request: probes, proof of reserves, the OpenAPI document and REST /api/v1, pictures,
 * and tRPC (live streams, cached public reads, everything else).
 */
export function createRoutes(c: Composition, opts: RouteOptions) {
  const { config, logger, deps, streams, chain, services } = c;
  const { guards, contexts, trpc, sessionCookie, probe, liveStreams } = opts;
  const sendReserves = createReservesRoute({ chain, services, logger });
  const images = createImageRoutes({
    uploads: c.images.uploads,
    store: c.images.store,
    identify: (req, res) => contexts.identify(req, res),
    originAllowed: guards.originAllowed,
    rateLimit: (req, res, userId) =>
      c.rateLimiter ? c.rateLimiter.check({ ip: contexts.exchange(req, res).ip, userId, procedure: UPLOAD_PROCEDURE, rateClass: "standard" }) : Promise.resolve({ allowed: true, retryAfterSeconds: 0 }),
    onError: (e) => logger.error({ err: e }, "image upload failed"),
  });
  let openApi: Record<string, unknown> | undefined;

  /** REST under /api/v1: the same CORS, body limit and origin check as tRPC, then the same procedures. */
  async function rest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!guards.admit(req, res, REST_SURFACE)) return;
    await serveRest(req, res, url, { context: contexts.context, maxBodyBytes: config.MAX_BODY_BYTES, exposeErrors: deps.config.exposeErrors });
  }

  /** tRPC under /trpc/: a live stream is admitted up front; an anonymous catalogue read may come from cache. */
  async function rpc(req: IncomingMessage, res: ServerResponse, target: string, state: RequestState): Promise<void> {
    if (!guards.admit(req, res, TRPC_SURFACE)) return;
    if (req.headers.accept?.includes("text/event-stream")) {
      // tRPC reports a subscription's errors inside a 200 event stream; a user over the stream cap gets a plain
      // 429 here instead (the procedure still enforces the cap if two streams race past this check).
      const identity = await contexts.identify(req, res);
      state.identity = identity;
      if (identity.principal.kind !== "anonymous") {
        try {
          streams.assertRoom(identity.principal.user.id);
        } catch (e) {
          if (!isDomainError(e)) throw e;
          return sendTrpcError(req, res, e.code, e.message, e.details);
        }
      }
      liveStreams.add(res);
      res.on("close", () => liveStreams.delete(res));
    } else {
      const read = await trpc.cachedReads.serve(req, res, target, state);
      if (read === "served") return;
      if (read === "charged") state.rateLimitTaken = true;
    }
    await trpc.handle(req, res);
  }

  return async function route(req: IncomingMessage, res: ServerResponse, state: RequestState): Promise<void> {
    const target = req.url ?? "/";
    // The busiest path first, without building a URL: tRPC reads the address itself.
    if (target.startsWith("/trpc/")) return rpc(req, res, target, state);
    const url = new URL(target, "http://localhost");
    if (await probe(req, res, url.pathname)) return;
    if (url.pathname === "/reserves" && (req.method === "GET" || req.method === "HEAD")) {
      guards.applyCors(req, res);
      return sendReserves(res);
    }
    if (url.pathname === "/openapi.json") return sendJson(res, 200, (openApi ??= openApiDocument(sessionCookie)));
    if (url.pathname === `${REST_PREFIX}/docs`) {
      const page = referencePage((openApi ??= openApiDocument(sessionCookie)));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" });
      return void res.end(page);
    }
    if (url.pathname.startsWith(`${REST_PREFIX}/`)) return rest(req, res, url);
    if (await images.handle(req, res, url)) return;
    if (!url.pathname.startsWith("/trpc/")) {
      return sendJson(res, 404, { error: { code: "VALIDATION.INVALID_INPUT", message: "Not found", details: {} } });
    }
    return rpc(req, res, target, state);
  };
}
