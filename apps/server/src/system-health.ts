import { monitorEventLoopDelay } from "node:perf_hooks";
import type { SystemPort } from "@caribex/api";
import type { AdminSystemHealth } from "@caribex/contracts";
import type { Metrics } from "@caribex/observability";
import type { JobStatus } from "./job-status";

export interface Readiness {
  ok: boolean;
  /** Only the dependencies this deployment uses. */
  checks: Record<string, "ok" | "fail">;
}

interface Sample {
  labels: Record<string, string | number | undefined>;
  value: number;
}

const CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

/**
 * The server's view of itself for the admin dashboard: the same readiness checks as /readyz and figures from
 * the same registry /metrics serves, so the page and a Prometheus scrape never disagree.
 */
export function createSystemHealth(opts: {
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
  now?: () => Date;
  /** The background jobs' state, read from the job queue. */
  jobs?: () => Promise<JobStatus[]>;
}): SystemPort & { close(): void } {
  const startedAt = performance.now();
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const now = opts.now ?? (() => new Date());

  async function samples(name: string): Promise<Sample[]> {
    const metric = opts.metrics.registry.getSingleMetric(name);
    return metric ? ((await metric.get()).values as Sample[]) : [];
  }

  return {
    async health(): Promise<AdminSystemHealth> {
      const [ready, requests, hits, misses, pool, jobs] = await Promise.all([
        opts.readiness(),
        samples("CaribEX_requests_total"),
        samples("CaribEX_cache_hits_total"),
        samples("CaribEX_cache_misses_total"),
        samples("CaribEX_db_pool_in_use"),
        opts.jobs ? opts.jobs().catch(() => undefined) : Promise.resolve(undefined),
      ]);
      const byStatusClass = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<(typeof CLASSES)[number], number>;
      let total = 0;
      for (const s of requests) {
        total += s.value;
        const cls = `${String(s.labels.status ?? "").charAt(0)}xx`;
        if (cls in byStatusClass) byStatusClass[cls as keyof typeof byStatusClass] += s.value;
      }
      const sumFor = (list: Sample[], level: string) => list.filter((s) => s.labels.level === level).reduce((a, s) => a + s.value, 0);
      const cache = (["l1", "l2"] as const).map((level) => {
        const h = sumFor(hits, level);
        const m = sumFor(misses, level);
        return { level, hits: h, misses: m, hitRatio: h + m === 0 ? null : h / (h + m) };
      });
      const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
      return {
        ready: ready.ok,
        checks: { database: ready.checks.database ?? "not_configured", redis: ready.checks.redis ?? "not_configured" },
        uptimeSeconds: (performance.now() - startedAt) / 1000,
        rssBytes: process.memoryUsage.rss(),
        eventLoopLagMs: { mean: ms(lag.mean), p99: ms(lag.percentile(99)), max: ms(lag.max) },
        requests: { total, byStatusClass },
        cache,
        dbPoolInUse: Math.max(0, Math.round(pool[0]?.value ?? 0)),
        ...(jobs ? { jobs } : {}),
        checkedAt: now(),
      };
    },
    close() {
      lag.disable();
    },
  };
}
