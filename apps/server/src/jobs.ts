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

/**
 * Runs one pass with its metrics. A failure is logged when a job starts failing (an unreachable chain or
 * database fails every pass until it is back), quietly after that, and rethrown so the runner counts it.
 */
function measuring(opts: RunnerOptions): (job: PeriodicJob) => Promise<void> {
  const failing = new Set<string>();
  return async (job) => {
    const started = performance.now();
    try {
      await job.run();
      opts.metrics?.run(job.name, "ok", (performance.now() - started) / 1000);
      if (failing.delete(job.name)) opts.logger.info({ job: job.name }, "background job recovered");
    } catch (e) {
      opts.metrics?.run(job.name, "failed", (performance.now() - started) / 1000);
      const detail = { job: job.name, err: e instanceof Error ? e.message : String(e) };
      if (failing.has(job.name)) opts.logger.debug(detail, "background job failed again");
      else opts.logger.warn(detail, "background job failed; retrying");
      failing.add(job.name);
      throw e;
    }
  };
}

/**
 * The jobs on plain timers in this process: what the embedded database uses (pg-boss needs a PostgreSQL server
 * with several connections; PGlite has one). Each job waits for its own pass to end before scheduling the next.
 */
export function createInProcessRunner(jobs: PeriodicJob[], opts: RunnerOptions): JobRunner {
  const measured = measuring(opts);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let started = false;
  let stopped = false;

  function loop(job: PeriodicJob): void {
    if (stopped) return;
    const pass = measured(job)
      .catch(() => {})
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

// Deadlock, unique violation, duplicate table: what two processes creating the same queue at once can hit.
const CREATE_RACE = new Set(["40P01", "23505", "42P07"]);

/** Runs a set-up step again when it lost a race with another process doing the same (the winner's result stands). */
async function racingOthers<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      if (attempt >= 5 || !CREATE_RACE.has((e as { code?: string }).code ?? "")) throw e;
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
    }
  }
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
    max: 3,
    maintenanceIntervalSeconds: opts.maintenanceSeconds,
    // Finished passes are only history (a periodic job leaves thousands a day): archive them after an hour and
    // delete them six hours later.
    archiveCompletedAfterSeconds: 3_600,
    deleteAfterHours: 6,
  });
  const measured = measuring(opts);
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
      await racingOthers(() => boss.createQueue(job.name, queue));
      // Settings changed since the queue was first made apply from now on.
      await racingOthers(() => boss.updateQueue(job.name, queue));
      await racingOthers(() => boss.schedule(job.name, "* * * * *", {}, { tz: "UTC" }));
      // The first pass now (dropped when a pass is already queued), queued before the worker's first look.
      await boss.send(job.name, {});
      await boss.work(job.name, { pollingIntervalSeconds: Math.min(10, Math.max(0.5, job.everyMs / 2000)) }, async () => {
        try {
          await measured(job);
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
