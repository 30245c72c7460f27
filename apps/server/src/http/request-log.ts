import type { IncomingMessage, ServerResponse } from "node:http";
import { appRouter } from "@caribex/api";
import type { Env } from "@caribex/config";
import { hashUserId, levelForStatus, type Logger, type Metrics } from "@caribex/observability";
import { PROBE_PATHS } from "./probes";
import type { RequestState } from "./request-state";

const procedureNames = new Set(Object.keys(appRouter._def.procedures));

/**
 * The labels a request is counted and logged under: its procedures for tRPC (unknown names folded into one, so
 * a client cannot grow the metrics without bound), the probe paths as they are, "other" for everything else.
 */
export function procedureLabels(req: IncomingMessage, state: RequestState): string[] {
  if (state.labels) return state.labels;
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (!path.startsWith("/trpc/")) return (state.labels = [PROBE_PATHS.has(path) ? path : "other"]);
  let names: string;
  try {
    names = decodeURIComponent(path.slice(6));
  } catch {
    // A malformed escape is a client's mistake; it must not throw inside the response's finish handler.
    return (state.labels = ["unknown"]);
  }
  return (state.labels = names
    .split(",")
    .slice(0, 100)
    .map((p) => (procedureNames.has(p) ? p : "unknown")));
}

/** One log line and one metric observation per label, once the response has gone out. */
export function createRequestLog(opts: { config: Pick<Env, "USER_HASH_SECRET">; logger: Logger; metrics: Metrics }) {
  const { config, logger, metrics } = opts;
  return function logRequest(req: IncomingMessage, res: ServerResponse, state: RequestState, method: string, traceId: string | undefined): void {
    const seconds = (performance.now() - state.started) / 1000;
    const paths = procedureLabels(req, state);
    for (const p of paths) metrics.observeRequest(method, p, res.statusCode, seconds);
    const level = levelForStatus(res.statusCode);
    // Most production lines are info; at a quieter level nothing below is worth building.
    if (!logger.isLevelEnabled(level)) return;
    logger[level]({
      request_id: state.requestId,
      user_hash: state.userId ? hashUserId(config.USER_HASH_SECRET, state.userId) : null,
      method,
      path: paths.join(","),
      status: res.statusCode,
      duration: Math.round(seconds * 1e6) / 1e3,
      ...(traceId ? { trace_id: traceId } : {}),
      ...(res.statusCode >= 500 && state.error !== undefined ? { err: state.error } : {}),
    }, "request");
  };
}
