import { createJobMetrics, type Metrics } from "@caribex/observability";
import { declaredJobs, type TaskContext } from "../job-registry";
import { createJobRunner, type JobRunner, type JobStore } from "../jobs";

export interface BackgroundWork {
  jobs: JobRunner;
}

interface BackgroundOptions extends TaskContext {
  metrics: Metrics;
}

/**
 * The background jobs of job-registry.ts on pg-boss: started here with JOBS_MODE=inline, by the worker process
 * with JOBS_MODE=worker, nowhere with JOBS_MODE=off.
 */
export async function startBackgroundWork(opts: BackgroundOptions): Promise<BackgroundWork> {
  const { config, database, logger, metrics } = opts;
  const { jobs, off } = declaredJobs(opts);
  // On PostgreSQL pg-boss opens its own connections; the embedded database lends it its one connection.
  let store: JobStore;
  if (database.kind === "postgres" && config.DATABASE_URL) store = { connectionString: config.DATABASE_URL };
  else if (database.executeSql) store = { embedded: { executeSql: database.executeSql } };
  else throw new Error("The database offers the job queue no way to run its statements");
  const runner = createJobRunner(jobs, {
    store,
    schema: config.JOBS_SCHEMA,
    maintenanceSeconds: Math.min(120, config.JOBS_TIMEOUT_SECONDS),
    off,
    logger,
    metrics: createJobMetrics(metrics.registry),
  });
  if (config.JOBS_MODE === "inline") await runner.start();
  return { jobs: runner };
}
