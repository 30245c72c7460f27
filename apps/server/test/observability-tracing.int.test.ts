import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initTracing, type Tracing } from "@caribex/observability";
import { InMemorySpanExporter, type ReadableSpan } from "@caribex/observability/testing";
import { startServer, type Running } from "./harness";

// Tracing is process-wide, so this file turns it on before the server starts, as main.ts does.

const exporter = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];
let s: Running;
let tracing: Tracing;

beforeAll(async () => {
  tracing = initTracing({ serviceName: "caribex-test", exporter });
  s = await startServer(
    { DB_SEED_ON_START: "true", LOG_LEVEL: "info" },
    { logDestination: { write: (chunk: string) => void lines.push(...chunk.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>)) } },
  );
});
afterAll(async () => {
  await s?.stop();
  await tracing?.shutdown();
});

const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Every span of one trace, and a way to walk up from any of them. */
function treeOf(root: ReadableSpan) {
  const spans = exporter.getFinishedSpans().filter((x) => x.spanContext().traceId === root.spanContext().traceId);
  const byId = new Map(spans.map((x) => [idOf(x), x]));
  const ancestors = (span: ReadableSpan) => {
    const out: ReadableSpan[] = [];
    for (let p = parentOf(span); p && byId.has(p); p = parentOf(byId.get(p)!)) out.push(byId.get(p)!);
    return out;
  };
  return { spans, ancestors, named: (prefix: string) => spans.filter((x) => x.name.startsWith(prefix)) };
}

async function get(path: string, input: unknown) {
  const res = await fetch(`${s.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

function httpSpan(procedure: string) {
  const found = exporter.getFinishedSpans().filter((x) => x.name === `HTTP GET ${procedure}`);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("traces", () => {
  let productId = "";

  it("one request: HTTP → cached response miss → procedure → database queries, with a cache miss on the way", async () => {
    const list = (await get("product.list", { pageSize: 1 })) as { items: { id: string }[] };
    productId = list.items[0]!.id;
    exporter.reset();

    await get("product.byId", { id: productId });
    const http = httpSpan("product.byId");
    expect(parentOf(http)).toBeUndefined();
    expect(http.attributes["http.status_code"]).toBe(200);

    const tree = treeOf(http);
    const [procedure] = tree.named("trpc product.byId");
    expect(procedure).toBeDefined();
    expect(procedure!.attributes["rpc.method"]).toBe("product.byId");
    // An anonymous read first looks for the cached response bytes; the procedure runs as that miss's loader.
    const responseMiss = tree.named("cache.get").find((c) => parentOf(c) === idOf(http));
    expect(responseMiss?.attributes).toMatchObject({ "cache.key": `product:${productId}`, "cache.hit": false });
    expect(tree.ancestors(procedure!).map(idOf)).toEqual(expect.arrayContaining([idOf(responseMiss!), idOf(http)]));

    const queries = tree.named("db ");
    expect(queries.length).toBeGreaterThan(0);
    const select = queries.find((q) => q.attributes["db.operation"] === "select");
    expect(select).toBeDefined();
    expect(String(select!.attributes["db.statement"])).toMatch(/select/i);
    for (const q of queries) {
      expect(tree.ancestors(q).map(idOf)).toContain(idOf(procedure!));
      // A query lies inside its request in time.
      expect(q.startTime[0] * 1e9 + q.startTime[1]).toBeGreaterThanOrEqual(http.startTime[0] * 1e9 + http.startTime[1] - 1e6);
    }

    const miss = tree.named("cache.get").find((c) => c.attributes["cache.hit"] === false && tree.ancestors(c).map(idOf).includes(idOf(procedure!)));
    expect(miss?.attributes["cache.level"]).toBe("l1");
    // One L2 lookup for the response bytes, one for the product inside the procedure.
    const l2 = tree.named("cache.l2.get");
    expect(l2.length).toBe(2);
    for (const x of l2) expect(x.attributes["cache.level"]).toBe("l2");
    expect(l2.filter((x) => tree.ancestors(x).map(idOf).includes(idOf(procedure!)))).toHaveLength(1);
    // The database was reached through the cache's loader.
    expect(tree.ancestors(select!).map((x) => x.name)).toEqual(expect.arrayContaining(["db.transaction", "cache.load", "cache.get"]));

    // The trace id is on the request's log line.
    const line = lines.find((l) => l.msg === "request" && l.path === "product.byId");
    expect(line?.trace_id).toBe(http.spanContext().traceId);
  });

  it("a cached read: one cache span with level and hit, no procedure run and no database query", async () => {
    // The first test's read stored the response bytes. On a loaded machine that store can land late (its Redis write
    // has a short timeout, and an instance that lost sync for a moment reads only the shared copy), so read until
    // the cache answers, then look at that answer's trace.
    const tree = await vi.waitUntil(
      async () => {
        exporter.reset();
        await get("product.byId", { id: productId });
        const read = treeOf(httpSpan("product.byId"));
        return read.named("trpc product.byId").length === 0 && read;
      },
      { timeout: 30_000, interval: 20 },
    );
    const hit = tree.named("cache.get");
    expect(hit).toHaveLength(1);
    // L1 answers normally; while the instance resyncs, the shared copy in Redis answers instead.
    expect(hit[0]!.attributes).toMatchObject({ "cache.hit": true });
    expect(["l1", "l2"]).toContain(hit[0]!.attributes["cache.level"]);
    expect(hit[0]!.attributes["cache.key"]).toBe(`product:${productId}`);
    expect(tree.named("db ")).toHaveLength(0);
  });

  it("continues a caller's trace from traceparent", async () => {
    exporter.reset();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await fetch(`${s.url}/trpc/category.list`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.status).toBe(200);
    const http = httpSpan("category.list");
    expect(http.spanContext().traceId).toBe(traceId);
    expect(parentOf(http)).toBe("00f067aa0ba902b7");
  });
});
