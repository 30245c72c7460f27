import { SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { currentTraceId, initTracing, tracingEnabled, withSpan } from "./tracing";

let shutdown: (() => Promise<void>) | undefined;
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
});

describe("tracing", () => {
  it("does nothing without endpoint or exporter", async () => {
    const t = initTracing({ serviceName: "test" });
    expect(t.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(await withSpan("noop", {}, async (span) => span)).toBeUndefined();
    expect(currentTraceId()).toBeUndefined();
  });

  it("records nested spans with parent ids across awaits", async () => {
    const exporter = new InMemorySpanExporter();
    shutdown = initTracing({ serviceName: "test", exporter }).shutdown;

    let traceId: string | undefined;
    await withSpan("http POST /trpc/checkout.place", { "http.method": "POST" }, async () => {
      traceId = currentTraceId();
      await withSpan("trpc checkout.place", { amount: 5n }, async () => {
        await new Promise((r) => setImmediate(r)); // a real async boundary, not just a microtask
        await withSpan("db.query", { "db.operation": "select" }, async () => "rows");
      });
    });

    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const http = byName.get("http POST /trpc/checkout.place");
    const proc = byName.get("trpc checkout.place");
    const db = byName.get("db.query");
    expect(http && proc && db).toBeTruthy();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(http?.spanContext().traceId).toBe(traceId);
    expect(http?.parentSpanContext).toBeUndefined();
    expect(proc?.parentSpanContext?.spanId).toBe(http?.spanContext().spanId);
    expect(db?.parentSpanContext?.spanId).toBe(proc?.spanContext().spanId);
    expect(db?.spanContext().traceId).toBe(traceId);
    expect(proc?.attributes.amount).toBe("5");
    expect(http?.resource.attributes["service.name"]).toBe("test");
  });

  it("records a thrown error and sets error status", async () => {
    const exporter = new InMemorySpanExporter();
    shutdown = initTracing({ serviceName: "test", exporter }).shutdown;
    await expect(
      withSpan("failing", {}, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.status.message).toBe("boom");
    expect(span?.events.some((e) => e.name === "exception")).toBe(true);
  });

  it("can be shut down and started again", async () => {
    const first = new InMemorySpanExporter();
    await initTracing({ serviceName: "a", exporter: first }).shutdown();
    expect(tracingEnabled()).toBe(false);
    expect(trace.getActiveSpan()).toBeUndefined();
    const second = new InMemorySpanExporter();
    shutdown = initTracing({ serviceName: "b", exporter: second }).shutdown;
    await withSpan("again", {}, () => 1);
    expect(second.getFinishedSpans().map((s) => s.name)).toEqual(["again"]);
  });
});
