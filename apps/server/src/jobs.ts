import PgBoss from "pg-boss";
import type { JobMetrics, Logger } from "@caribex/observability";

/** A piece of background work that runs again and again, never overlapping itself. */
export interface PeriodicJob {
  /** Queue name: letters, digits, dashes. */
  name: string;
  /** Pause between the end of one pass and the start of the next. */
  everyMs: number;
  /**
   * Longest a pass may run. With pg-boss it is also how long a pass left behind by a crashed process blocks the
   * next one (the queue lets one pass be active at a time).
   */
  timeoutMs: number;
  run(): Promise<void>;
}

export interface JobRunner {
  readonly engine: "pg-boss" | "in-process";
  /** Starts every job; the first passes begin at once. */
  start(): Promise<void>;
  /** Stops scheduling, waits for passes in progress and, with pg-boss, closes its connections. */
  stop(): Promise<void>;
}

interface RunnerOptions {
  logger: Logger;
  metrics?: JobMetrics;
}

/** Runs one pass with its metrics; a failing pass is logged and counted, never thrown further than asked. */
async function measured(job: PeriodicJob, opts: RunnerOptions): Promise<void> {
  const started = performance.now();
  try {
    await job.run();
    opts.metrics?.run(job.name, "ok", (performance.now() - started) / 1000);
  } catch (e) {
    opts.metrics?.run(job.name, "failed", (performance.now() - started) / 1000);
    throw e;
  }
}

/**
 * The jobs on plain timers in this process: what the embedded database uses (pg-boss needs a PostgreSQL server
 * with several connections; PGlite has one). Each job waits for its own pass to end before scheduling the next.
 */
export function createInProcessRunner(jobs: PeriodicJob[], opts: RunnerOptions): JobRunner {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let started = false;
  let stopped = false;

  function loop(job: PeriodicJob): void {
    if (stopped) return;
    const pass = measured(job, opts)
      .catch((e: unknown) => opts.logger.warn({ job: job.name, err: e instanceof Error ? e.message : String(e) }, "background job failed"))
      .finally(() => {
        running.delete(pass);
        if (stopped) return;
        const timer = setTimeout(() => loop(job), job.everyMs);
        timer.unref();
        timers.set(job.name, timer);
      });
    running.add(pass);
  }

  return {
    engine: "in-process",
    async start() {
      if (started || stopped) return;
      started = true;
      for (const job of jobs) loop(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      await Promise.allSettled([...running]);
    },
  };
}

export interface PgBossRunnerOptions extends RunnerOptions {
  connectionString: string;
  /** pg-boss's own schema, created and migrated by pg-boss itself. */
  schema: string;
  /** How often pg-boss looks for jobs that outlived their timeout (a crashed process's); seconds. */
  maintenanceSeconds: number;
}

/**
 * The jobs on pg-boss, over its own connections as the database owner and in its own schema (the application's
 * queries run under a restricted role with row-level security; pg-boss's tables are outside that). Every job is
 * a `stately` queue: at most one pass queued and one active across all processes on the database. Each pass
 * queues the next one `everyMs` later, and a once-a-minute schedule re-queues a job whose chain of passes broke
 * (a process killed mid-pass: its pass is failed by timeout, then the schedule or the next start picks it up).
 */
export function createPgBossRunner(jobs: PeriodicJob[], opts: PgBossRunnerOptions): JobRunner {
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema: opts.schema,
    application_name: "caribex-jobs",
    max: 4,
    maintenanceIntervalSeconds: opts.maintenanceSeconds,
    // Finished passes are only history: keep a day of it.
    deleteAfterDays: 1,
  });
  let quiet = false;
  boss.on("error", (e: Error) => {
    // An unreachable database is reported once, then quietly retried by pg-boss.
    if (!quiet) opts.logger.warn({ err: e.message }, "job queue error");
    quiet = true;
  });
  let started: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const next = (job: PeriodicJob) =>
    boss.send(job.name, {}, { startAfter: Math.max(0.1, job.everyMs / 1000) }).catch((e: unknown) => {
      opts.logger.warn({ job: job.name, err: e instanceof Error ? e.message : String(e) }, "could not queue the next pass");
    });

  async function setUp(): Promise<void> {
    await boss.start();
    for (const job of jobs) {
      const queue = { name: job.name, policy: "stately" as const, retryLimit: 0, expireInSeconds: Math.max(1, Math.ceil(job.timeoutMs / 1000)), retentionMinutes: 60 };
      await boss.createQueue(job.name, queue);
      // Settings changed since the queue was first made apply from now on.
      await boss.updateQueue(job.name, queue);
      await boss.schedule(job.name, "* * * * *", {}, { tz: "UTC" });
      // The first pass now (dropped when a pass is already queued), queued before the worker's first look.
      await boss.send(job.name, {});
      await boss.work(job.name, { pollingIntervalSeconds: Math.min(10, Math.max(0.5, job.everyMs / 2000)) }, async () => {
        try {
          await measured(job, opts);
        } finally {
          quiet = false;
          if (!stopping) await next(job);
        }
      });
    }
  }

  return {
    engine: "pg-boss",
    start() {
      started ??= setUp();
      return started;
    },
    stop() {
      stopping ??= (async () => {
        await started?.catch(() => {});
        // Waits for passes in progress, then closes pg-boss's pool.
        await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      })();
      return stopping;
    },
  };
}
