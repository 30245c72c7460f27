// For tests that assert on spans: the in-memory exporter comes from the same SDK copy the tracer uses, so
// callers need no direct dependency on the OpenTelemetry packages.
export { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
