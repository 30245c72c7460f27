import { createServer, type Server, type ServerResponse } from "node:http";
import { createMetricsEndpoint } from "./metrics-endpoint";
import { cookieNames } from "@caribex/auth";
import { currentTraceId, withIncomingContext, withSpan } from "@caribex/observability";
import type { Composition } from "../composition/compose";
import { sendTrpcError } from "../http-util";
import { createGuards } from "./guards";
import { createProbes } from "./probes";
import { createRequestContexts } from "./request-context";
import { createRequestLog, procedureLabels } from "./request-log";
import { createRequestStates } from "./request-state";
import { createRoutes } from "./routes";
import { createTrpcHandlers } from "./trpc";

/** What the HTTP side shares with the lifecycle: whether shutdown began, and the streams it must end. */
export interface ServingState {
  draining: boolean;
  liveStreams: Set<ServerResponse>;
  /** The listener of METRICS_PORT, when /metrics has a port of its own. */
  metricsServer?: Server | null;
}

/**
 * The node:http server: each request gets an id, a span, its routed answer, and one log line when it finishes;
 * a handler that throws becomes a 500 (or, once the status went out, a line of its own).
 */
export function createHttpServer(c: Composition, serving: ServingState): Server {
  const { config, logger } = c;
  const sessionCookie = cookieNames(config.NODE_ENV === "production").session;
  const states = createRequestStates(config);
  const guards = createGuards(config);
  const contexts = createRequestContexts({ deps: c.deps, services: c.services, auth: c.auth, states, sessionCookie });
  const trpc = createTrpcHandlers(c, { states, context: contexts.context, sessionCookie });
  const metricsEndpoint = createMetricsEndpoint(config, c.metrics);
  serving.metricsServer = metricsEndpoint.ownServer();
  const probe = createProbes({ readiness: c.readiness, metrics: metricsEndpoint, chain: c.chain, draining: () => serving.draining });
  const route = createRoutes(c, { guards, contexts, trpc, sessionCookie, probe, liveStreams: serving.liveStreams });
  const logRequest = createRequestLog({ config, logger, metrics: c.metrics });

  const server = createServer((req, res) => {
    const state = states.begin(req);
    res.setHeader("x-request-id", state.requestId);
    const method = req.method ?? "GET";
    void withIncomingContext(req.headers, () => withSpan(`HTTP ${method}`, { "http.method": method, "http.target": (req.url ?? "/").split("?")[0] ?? "/" }, async (span) => {
      const traceId = currentTraceId();
      res.on("finish", () => logRequest(req, res, state, method, traceId));
      try {
        await route(req, res, state);
      } catch (e) {
        state.error ??= e;
        if (!res.headersSent) sendTrpcError(req, res, "INTERNAL", "Something went wrong on our side. Please try again.");
        else {
          // Too late for a 5xx: the status already went out, so the failure gets its own line.
          logger.error({ err: e, request_id: state.requestId }, "request handler failed");
          res.end();
        }
      }
      if (span) {
        span.setAttribute("http.status_code", res.statusCode);
        span.updateName(`HTTP ${method} ${procedureLabels(req, state).join(",")}`);
      }
    }));
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  // Longer than the 5 s after which Node's own keep-alive agents (the Next apps' /trpc proxy among them) drop an idle
  // socket: the client must close it first, or a request sent as the server closes it fails with ECONNRESET.
  server.keepAliveTimeout = 10_000;
  return server;
}
