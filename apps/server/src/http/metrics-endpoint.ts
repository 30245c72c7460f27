import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Env } from "@caribex/config";
import type { Metrics } from "@caribex/observability";
import { sendJson } from "../http-util";

type MetricsConfig = Pick<Env, "METRICS_PORT" | "METRICS_TOKEN">;

/**
 * Who may read /metrics (every procedure's traffic, the jobs, the pools): with METRICS_TOKEN only a request
 * bearing it; with METRICS_PORT only that port (the scraper inside the cluster), never the public one. Without
 * either, the public port answers anyone, which only development and tests allow (production start-up refuses).
 */
export function createMetricsEndpoint(config: MetricsConfig, metrics: Metrics) {
  const token = config.METRICS_TOKEN ? Buffer.from(`Bearer ${config.METRICS_TOKEN}`) : null;

  function authorized(req: IncomingMessage): boolean {
    if (!token) return true;
    const given = Buffer.from(req.headers.authorization ?? "");
    return given.length === token.length && timingSafeEqual(given, token);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorized(req)) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      return sendJson(res, 401, { error: { code: "AUTH.UNAUTHENTICATED", message: "Metrics need their bearer token", details: {} } });
    }
    const text = await metrics.metricsText();
    res.writeHead(200, { "content-type": metrics.contentType });
    res.end(text);
  }

  return {
    /** Whether the public port serves /metrics at all. */
    onPublicPort: config.METRICS_PORT === undefined,
    serve,
    /** The server of its own port, when METRICS_PORT is set: /metrics and nothing else. */
    ownServer(): Server | null {
      if (config.METRICS_PORT === undefined) return null;
      return createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
          return sendJson(res, 404, { error: { code: "VALIDATION.INVALID_INPUT", message: "Not found", details: {} } });
        }
        serve(req, res).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { error: { code: "INTERNAL", message: "metrics failed", details: {} } });
          else res.end();
        });
      });
    },
  };
}

export type MetricsEndpoint = ReturnType<typeof createMetricsEndpoint>;
