import type { Env } from "@caribex/config";
import { readJobQueue, type Database } from "@caribex/db";
import { scheduleFor } from "./job-registry";

/** One background job as the admin dashboard shows it. */
export interface JobStatus {
  name: string;
  /** Seconds between passes as this configuration sets them; null when it turns the job off. */
  intervalSeconds: number | null;
  running: boolean;
  lastCompletedAt: Date | null;
  lastFailedAt: Date | null;
  failuresLast24h: number;
  nextRunAt: Date | null;
}

/** Every declared job, with what the shared job queue knows of it (whichever process runs them). */
export async function jobStatuses(config: Env, database: Database): Promise<JobStatus[]> {
  const { on, off } = scheduleFor(config);
  const declared = [...on.map((j) => ({ name: j.task.name, intervalSeconds: Math.round(j.everyMs / 1000) })), ...off.map((name) => ({ name, intervalSeconds: null }))];
  const facts = new Map((await readJobQueue(database, config.JOBS_SCHEMA, declared.map((d) => d.name))).map((f) => [f.name, f]));
  return declared.map((d) => {
    const f = facts.get(d.name);
    return {
      name: d.name,
      intervalSeconds: d.intervalSeconds,
      running: f?.running ?? false,
      lastCompletedAt: f?.lastCompletedAt ?? null,
      lastFailedAt: f?.lastFailedAt ?? null,
      failuresLast24h: f?.failuresLast24h ?? 0,
      nextRunAt: f?.nextRunAt ?? null,
    };
  });
}
