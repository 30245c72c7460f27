import {
  context,
  propagation,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP collector base URL (e.g. Jaeger's `http://jaeger:4318`); `/v1/traces` is added when missing. */
  otlpEndpoint?: string;
  /** Export every span synchronously to this exporter (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Flushes pending spans and unregisters the globals, so tracing can be set up again (tests do). */
  shutdown(): Promise<void>;
}

const TRACER_NAME = "caribex";
let active = false;

/**
 * Turns tracing on for the process. With neither an endpoint nor an exporter it does nothing at all: the
 * OpenTelemetry API keeps its no-op tracer and `withSpan` calls straight through.
 */
export function initTracing(opts: TracingOptions): Tracing {
  if (!opts.otlpEndpoint && !opts.exporter) return { enabled: false, shutdown: async () => {} };
  if (active) throw new Error("tracing is already initialised in this process");

  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(opts.otlpEndpoint as string) }));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors: [processor],
  });

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  active = true;

  let done: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown() {
      done ??= (async () => {
        try {
          await provider.shutdown();
        } finally {
          active = false;
          trace.disable();
          propagation.disable();
          context.disable();
        }
      })();
      return done;
    },
  };
}

function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, "");
  return base.endsWith("/v1/traces") ? base : `${base}/v1/traces`;
}

export function tracingEnabled(): boolean {
  return active;
}

export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Runs `fn` inside a new active span (child of the current one), records a thrown error on it with error
 * status, and always ends it. When tracing is off it is just `fn()`.
 */
export async function withSpan<T>(
  name: string,
  attributes: Record<string, unknown>,
  fn: (span?: Span) => Promise<T> | T,
): Promise<T> {
  if (!active) return fn();
  return getTracer().startActiveSpan(name, { attributes: toAttributes(attributes) }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      span.recordException(e);
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Records a span for work that has already finished, as a child of the active span: the database reports each
 * query only once it settles. Does nothing when tracing is off or when no span is active, so background work
 * (pool warm-up, migrations) does not produce stray root traces.
 */
export function recordSpan(
  name: string,
  attributes: Record<string, unknown>,
  timing: { startMs: number; endMs: number },
  error?: unknown,
): void {
  if (!active || !trace.getActiveSpan()) return;
  const span = getTracer().startSpan(name, { attributes: toAttributes(attributes), startTime: timing.startMs });
  if (error !== undefined) {
    const e = error instanceof Error ? error : new Error(String(error));
    span.recordException(e);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  }
  span.end(timing.endMs);
}

/**
 * Runs fn under the trace context a caller sent (`traceparent`), so a request from a traced client continues
 * that trace. Without tracing, or without the header, fn runs as is.
 */
export function withIncomingContext<T>(headers: Record<string, string | string[] | undefined>, fn: () => T): T {
  if (!active || headers.traceparent === undefined) return fn();
  return context.with(propagation.extract(context.active(), headers), fn);
}

/** The active trace id, for the request's log line; undefined when tracing is off or no span is active. */
export function currentTraceId(): string | undefined {
  if (!active) return undefined;
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}

function toAttributes(input: Record<string, unknown>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || v === null) continue;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (typeof v === "bigint") out[k] = v.toString();
    else if (Array.isArray(v)) out[k] = v.map(String) as AttributeValue;
    else out[k] = String(v);
  }
  return out;
}
