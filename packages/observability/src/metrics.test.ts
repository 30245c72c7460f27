import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics";

describe("createMetrics", () => {
  it("exposes every named series with its labels after use", async () => {
    const m = createMetrics();
    m.observeRequest("POST", "checkout.place", 200, 0.012);
    m.observeRequest("GET", "product.list", 404, 0.0004);
    m.cache.hit("l1");
    m.cacheHit("l2");
    m.cache.miss("l1");
    m.cacheMiss("l2");
    m.walletTransaction("transfer", "completed");
    m.observeDbQuery(0.003, "select");
    m.setDbPoolInUse(() => 3);
    m.setCacheL1Size(() => 4096);

    const text = await m.metricsText();
    expect(text).toContain('CaribEX_requests_total{method="POST",path="checkout.place",status="200"} 1');
    expect(text).toContain('CaribEX_requests_total{method="GET",path="product.list",status="404"} 1');
    expect(text).toContain('CaribEX_request_duration_seconds_bucket{le="0.001",method="GET",path="product.list"} 1');
    expect(text).toContain('CaribEX_request_duration_seconds_count{method="POST",path="checkout.place"} 1');
    expect(text).toContain('CaribEX_cache_hits_total{level="l1"} 1');
    expect(text).toContain('CaribEX_cache_hits_total{level="l2"} 1');
    expect(text).toContain('CaribEX_cache_misses_total{level="l1"} 1');
    expect(text).toContain('CaribEX_cache_misses_total{level="l2"} 1');
    expect(text).toContain('CaribEX_wallet_transactions_total{type="transfer",status="completed"} 1');
    expect(text).toContain('CaribEX_db_query_duration_seconds_count{operation="select"} 1');
    expect(text).toContain("CaribEX_db_pool_in_use 3");
    expect(text).toContain("CaribEX_cache_l1_size_bytes 4096");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
    expect(text).toContain("process_resident_memory_bytes");
    expect(m.contentType).toContain("text/plain");
  });

  it("keeps registries separate and folds unbounded paths into other", async () => {
    const a = createMetrics({ defaultMetrics: false, maxPaths: 2 });
    const b = createMetrics({ defaultMetrics: false });
    for (const p of ["x", "y", "/products/123", "/products/456"]) a.observeRequest("GET", p, 200, 0.01);
    const text = await a.metricsText();
    expect(text).toContain('path="other",status="200"} 2');
    expect(text).not.toContain("/products/123");
    expect(await b.metricsText()).not.toContain('path="x"');
  });
});
