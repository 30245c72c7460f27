import { Counter, Histogram, type Registry } from "prom-client";

/** Series for the background jobs (deposit scanner, withdrawal sender, escrow release, housekeeping). */
export function createJobMetrics(registry: Registry) {
  const registers = [registry];
  const runs = new Counter({ name: "CaribEX_job_runs_total", help: "Background job passes, by job and outcome (ok, failed).", labelNames: ["job", "outcome"], registers });
  const duration = new Histogram({
    name: "CaribEX_job_duration_seconds",
    help: "How long one background job pass took.",
    labelNames: ["job"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers,
  });
  return {
    run(job: string, outcome: "ok" | "failed", seconds: number) {
      runs.inc({ job, outcome });
      duration.observe({ job }, seconds);
    },
  };
}

export type JobMetrics = ReturnType<typeof createJobMetrics>;
