/**
 * @caribex/observability: logs without personal data, Prometheus metrics and OpenTelemetry traces.
 *
 * Logs
 *   const log = createLogger({ level: cfg.LOG_LEVEL, pretty: cfg.LOG_PRETTY, redactExtra: cfg.LOG_REDACT_EXTRA });
 *   log.child({ request_id }).info({ user_hash: hashUserId(secret, userId), method, path, status, duration }, "request");
 *   - Every logger and child scrubs, at any depth, values under sensitive property names (addresses, to/from,
 *     balances, amounts, signatures, nonces, SIWE messages, cookies, authorization, tokens, secrets,
 *     passwords; see SENSITIVE_KEYS) and, inside any string, `0x`+40-hex addresses, `0x`+130-hex signatures
 *     and whole SIWE messages. Errors (also `log.error(err)`) have message and stack scrubbed.
 *   - `redactExtra`: plain names are extra sensitive keys; dotted/wildcard paths go to pino's path redaction.
 *   - `levelForStatus(status)` gives "error" for 5xx, "warn" for 4xx, else "info".
 *   - `hashUserId(secret, userId)` → 16 hex chars (HMAC-SHA256), deterministic per secret.
 *
 * Metrics
 *   const metrics = createMetrics();           // own Registry, default process + event-loop metrics on it
 *   metrics.observeRequest("POST", "checkout.place", 200, seconds);   // path = procedure name, never a URL
 *   metrics.walletTransaction("transfer", "completed");
 *   metrics.observeDbQuery(seconds, "select");
 *   metrics.setDbPoolInUse(() => pool.inUse); metrics.setCacheL1Size(() => cache.size());
 *   createCache({ ..., metrics: metrics.cache });                    // CaribEX_cache_{hits,misses}_total{level}
 *   res.setHeader("content-type", metrics.contentType); res.end(await metrics.metricsText());
 *
 * Traces
 *   const tracing = initTracing({ serviceName, otlpEndpoint: cfg.OTEL_EXPORTER_OTLP_ENDPOINT });
 *   // no endpoint and no exporter → nothing is installed and withSpan is a plain call
 *   await withSpan("trpc product.list", { "rpc.method": "product.list" }, async (span) => ...);
 *   createCache({ ..., trace: withSpan });     // the signature matches the cache's `trace` option
 *   recordSpan("db select", attrs, { startMs, endMs }, err?)  // a finished piece of work, child of the active span
 *   withIncomingContext(req.headers, () => ...)  // continue a caller's `traceparent`
 *   currentTraceId()                            // for the request log line
 *   await tracing.shutdown();                   // on server stop
 */
export { createLogger, levelForStatus, type Logger, type LoggerOptions, type LogLevel } from "./logger";
export { hashUserId } from "./hash";
export { createMetrics, type Metrics, type MetricsOptions, type CacheLevel } from "./metrics";
export {
  initTracing,
  tracingEnabled,
  getTracer,
  withSpan,
  recordSpan,
  withIncomingContext,
  currentTraceId,
  type Tracing,
  type TracingOptions,
} from "./tracing";
export { createChainMetrics, type ChainMetrics } from "./chain-metrics";
export { createJobMetrics, type JobMetrics } from "./job-metrics";
