import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import type { Database } from "@caribex/db";
import { withTimeout } from "@caribex/domain";
import type { ChainRuntime } from "../chain-runtime";
import { sendJson } from "../http-util";
import type { Readiness } from "../system-health";
import type { MetricsEndpoint } from "./metrics-endpoint";

export type ReadinessCheck = () => Promise<Readiness>;

/** The paths a load balancer and a scraper call; the request log names them as they are. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Ready means the database answers: without it nothing works. Redis is reported but does not decide: every
 * use of it has a fallback, so an outage must not take every pod out of the Service at once.
 */
export function createReadiness(opts: { database: Database; redis?: Redis }): ReadinessCheck {
  const { database, redis } = opts;
  return async () => {
    const timeout = <T>(p: Promise<T>) => withTimeout(p, 2000);
    const checks: Record<string, "ok" | "fail"> = {};
    checks.database = await timeout(database.ping()).then(
      () => "ok" as const,
      () => "fail" as const,
    );
    if (redis) {
      checks.redis = await timeout(redis.ping()).then(
        () => "ok" as const,
        () => "fail" as const,
      );
    }
    return { ok: checks.database === "ok", checks };
  };
}

interface ProbeOptions {
  readiness: ReadinessCheck;
  /** /metrics, when the public port serves it (see metrics-endpoint.ts). */
  metrics: MetricsEndpoint;
  chain: ChainRuntime;
  /** True once shutdown began: the instance leaves rotation before it stops answering. */
  draining(): boolean;
}

/** `/healthz` (alive), `/readyz` (fit for traffic) and `/metrics` (Prometheus). */
export function createProbes(opts: ProbeOptions) {
  const { readiness, metrics, chain, draining } = opts;
  /** Answers a probe path; false for any other path. */
  return async function serveProbe(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname === "/healthz") {
      sendJson(res, draining() ? 503 : 200, { status: draining() ? "draining" : "ok" });
      return true;
    }
    if (pathname === "/readyz") {
      const r = await readiness();
      const failed = Object.entries(r.checks).filter(([, v]) => v === "fail").map(([k]) => k);
      const ready = r.ok && !draining();
      const status = !ready ? "unavailable" : failed.length ? "degraded" : "ready";
      // The chain is a detail, not a condition: an open breaker must not take the whole API out of rotation.
      const details = { chain: chain.state() };
      sendJson(res, ready ? 200 : 503, { status, checks: r.checks, details, ...(failed.length ? { failed } : {}), ...(ready && failed.length ? { degraded: failed } : {}) });
      return true;
    }
    if (pathname === "/metrics" && metrics.onPublicPort) {
      await metrics.serve(req, res);
      return true;
    }
    return false;
  };
}
