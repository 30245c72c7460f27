import PgBoss from "pg-boss";
import type { JobMetrics, Logger } from "@caribex/observability";

/** A piece of background work that runs again and again, never overlapping itself. */
export interface PeriodicJob {
  /** Queue name: letters, digits, dashes. */
  name: string;
  /** Pause between the end of one pass and the start of the next. */
  everyMs: number;
  /**
   * Longest a pass may run; after that pg-boss counts it as failed. It is also how long a pass left behind by a
   * crashed process blocks the next one (the queue lets one pass be active at a time).
   */
  timeoutMs: number;
  run(): Promise<void>;
}

export interface JobRunner {
  /** Registers every job from the current configuration and starts working them; the first passes are due at once. */
  start(): Promise<void>;
  /**
   * Has a pass of `name` start as soon as the one in progress (if any) ends, and resolves when that pass has run
   * (whichever process ran it), or rejects when it failed. Only once `start` has been called here.
   */
  runNow(name: string): Promise<void>;
  /**
   * Has this process's worker of `name` look for a due pass now instead of at its next poll (no effect where the
   * job does not run here). For work that something on this instance just made (an event committed).
   */
  nudge(name: string): void;
  /** Stops taking passes, waits for passes in progress and, on PostgreSQL, closes pg-boss's connections. */
  stop(): Promise<void>;
}

/**
 * Where pg-boss keeps its queues: a PostgreSQL server over its own connections (as the database owner, outside
 * the application's row-level security), or the embedded database's one connection, between the application's
 * transactions.
 */
export type JobStore = { connectionString: string } | { embedded: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };

export interface JobRunnerOptions {
  store: JobStore;
  /** pg-boss's own schema, created and migrated by pg-boss itself. */
  schema: string;
  /** How often pg-boss looks for passes that outlived their timeout (a crashed process's); seconds. */
  maintenanceSeconds: number;
  /**
   * Declared jobs the current configuration turns off: their schedules and waiting passes are removed at start,
   * so a job switched off stays off even where another process queued it before.
   */
  off?: string[];
  logger: Logger;
  metrics?: JobMetrics;
}

/** What each queued pass carries: the pause before the pass after it, as configured by the last process to start. */
interface PassData {
  everyMs?: number;
}

/**
 * Runs one pass with its metrics. A failure is logged when a job starts failing (an unreachable chain or
 * database fails every pass until it is back), quietly after that, and rethrown so pg-boss records it.
 */
function measuring(opts: Pick<JobRunnerOptions, "logger" | "metrics">): (job: PeriodicJob) => Promise<void> {
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

// Deadlock, unique violation, duplicate table: what two processes creating the same queue at once can hit.
const CREATE_RACE = new Set(["40P01", "23505", "42P07"]);

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Runs a set-up step again when it lost a race with another process doing the same (the winner's result stands). */
async function racingOthers<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      if (attempt >= 5 || !CREATE_RACE.has((e as { code?: string }).code ?? "")) throw e;
      await pause(50 * attempt + Math.random() * 100);
    }
  }
}

/** A pass that outlives its timeout counts as failed (it may still finish in the background). */
function withinTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The ${name} pass ran past its ${ms} ms timeout`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The jobs on pg-boss. Every job is a `stately` queue: at most one pass waiting and one active across all
 * processes on the database, which is what keeps two runners from running the same job at once. Each pass
 * queues the next one `everyMs` later, and a once-a-minute schedule re-queues a job whose chain of passes broke
 * (a process killed mid-pass: its pass is failed by timeout, then the schedule or the next start picks it up).
 *
 * At start the configuration is registered again: queue settings are updated, the waiting pass (queued with
 * whatever pause was configured before) is replaced by one due now, and the pause travels with each pass, so a
 * changed interval holds from the next start on, in every process.
 */
export function createJobRunner(jobs: PeriodicJob[], opts: JobRunnerOptions): JobRunner {
  const embedded = "embedded" in opts.store ? opts.store.embedded : null;
  const boss = new PgBoss({
    ...("connectionString" in opts.store ? { connectionString: opts.store.connectionString, max: 3 } : {}),
    ...(embedded ? { db: { executeSql: (text: string, values: unknown[]) => embedded.executeSql(text, values) } } : {}),
    schema: opts.schema,
    application_name: "caribex-jobs",
    maintenanceIntervalSeconds: opts.maintenanceSeconds,
    // Finished passes are only history (a periodic job leaves thousands a day): archive them after an hour and
    // delete them six hours later.
    archiveCompletedAfterSeconds: 3_600,
    deleteAfterHours: 6,
  });
  const measured = measuring(opts);
  const byName = new Map(jobs.map((j) => [j.name, j]));
  if (byName.size !== jobs.length) throw new Error("Two background jobs share a name");
  // Passes started with runNow and run here, by id: settled when the pass ends.
  const waiting = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();
  // This process's worker of each job, while it waits for its next look: called to look now instead (a pass was
  // queued on demand, or the runner is stopping).
  const workers = new Map<string, () => void>();
  const loops: Promise<void>[] = [];
  let quiet = false;
  boss.on("error", (e: Error) => {
    // An unreachable database is reported once, then quietly retried by pg-boss.
    if (!quiet) opts.logger.warn({ err: e.message }, "job queue error");
    quiet = true;
  });
  let started: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const data = (job: PeriodicJob): PassData => ({ everyMs: job.everyMs });

  /** Has this process's worker of `name` look for a pass now rather than at its next poll. */
  const wake = (name: string) => {
    workers.get(name)?.();
  };

  const next = (job: PeriodicJob, everyMs: number) =>
    boss.send(job.name, { everyMs }, { startAfter: Math.max(0.1, everyMs / 1000) }).catch((e: unknown) => {
      opts.logger.warn({ job: job.name, err: e instanceof Error ? e.message : String(e) }, "could not queue the next pass");
    });

  /**
   * The embedded database belongs to this process alone, so a pass still marked active when it starts was left
   * by a process that is gone: it is failed now instead of blocking its job until its timeout.
   */
  async function failAbandoned(): Promise<void> {
    if (!embedded) return;
    const { rows } = await embedded.executeSql(`select name, id from ${opts.schema}.job where state = 'active'`);
    for (const { name, id } of rows as { name: string; id: string }[]) {
      await boss.fail(name, id, { message: "left active by a process that is gone" });
    }
  }

  async function setUp(): Promise<void> {
    await boss.start();
    await failAbandoned();
    for (const name of opts.off ?? []) {
      if (!(await boss.getQueue(name))) continue;
      await racingOthers(() => boss.unschedule(name));
      await boss.purgeQueue(name);
    }
    for (const job of jobs) {
      const queue = { name: job.name, policy: "stately" as const, retryLimit: 0, expireInSeconds: seconds(job.timeoutMs), retentionMinutes: 60 };
      await racingOthers(() => boss.createQueue(job.name, queue));
      // Settings changed since the queue was first made apply from now on.
      await racingOthers(() => boss.updateQueue(job.name, queue));
      await racingOthers(() => boss.schedule(job.name, "* * * * *", data(job), { tz: "UTC" }));
      // The waiting pass was queued with the pause configured then: replace it with one due now, queued before
      // the worker's first look. (Dropped when another process starting at the same moment queued it first.)
      await boss.purgeQueue(job.name);
      await boss.send(job.name, data(job));
      loops.push(workLoop(job));
    }
  }

  /**
   * This process's worker of one job: takes a due pass, runs it, records its outcome and queues the next, until
   * the runner stops. Every step is awaited here (pg-boss's own worker records the outcome without waiting and may
   * still be fetching when it is stopped), so once the loop has ended nothing it took is left marked active.
   */
  async function workLoop(job: PeriodicJob): Promise<void> {
    const pollMs = Math.min(10_000, Math.max(500, job.everyMs / 2));
    while (!stopping) {
      let pass: PgBoss.Job<PassData> | undefined;
      try {
        [pass] = await boss.fetch<PassData>(job.name);
      } catch (e) {
        boss.emit("error", e);
      }
      if (pass) {
        const settle = waiting.get(pass.id);
        waiting.delete(pass.id);
        try {
          await withinTimeout(measured(job), job.timeoutMs, job.name);
          await boss.complete(job.name, pass.id).catch((e: unknown) => boss.emit("error", e));
          settle?.resolve();
        } catch (e) {
          await boss
            .fail(job.name, pass.id, { message: e instanceof Error ? e.message : String(e) })
            .catch((err: unknown) => boss.emit("error", err));
          settle?.reject(e);
        } finally {
          quiet = false;
          if (!stopping) await next(job, pass.data?.everyMs ?? job.everyMs);
        }
        continue;
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        timer.unref();
        function done() {
          clearTimeout(timer);
          if (workers.get(job.name) === done) workers.delete(job.name);
          resolve();
        }
        workers.set(job.name, done);
      });
    }
  }

  /**
   * Waits for the pass `id` to end, here (settled by the worker) or in another process (read from its row). While
   * it waits its turn, this process's worker is woken again: a look that came while the pass before was still
   * being marked done found nothing it could take.
   */
  function ended(name: string, id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (e?: unknown) => {
        if (done) return;
        done = true;
        waiting.delete(id);
        if (e === undefined) resolve();
        else reject(e instanceof Error ? e : new Error(String(e)));
      };
      waiting.set(id, { resolve: () => finish(), reject: (e) => finish(e ?? new Error(`${name} failed`)) });
      void (async () => {
        while (!done && !stopping) {
          const row = await boss.getJobById(name, id, { includeArchive: true }).catch(() => undefined);
          if (done) return;
          if (row === null) return finish(new Error(`The ${name} pass was removed before it ran`));
          if (row?.state === "completed") return finish();
          if (row?.state === "failed" || row?.state === "cancelled") return finish(new Error(`The ${name} pass ${row.state}`));
          if (row?.state === "created") wake(name);
          await pause(200);
        }
        finish(new Error("The job runner stopped"));
      })();
    });
  }

  return {
    nudge: wake,
    start() {
      started ??= setUp();
      return started;
    },
    async runNow(name) {
      const job = byName.get(name);
      if (!job) throw new Error(`No background job named ${name} runs here`);
      if (!started) throw new Error("The background jobs have not been started in this process");
      await started;
      for (let attempt = 1; attempt <= 5; attempt++) {
        const id = await boss.send(name, data(job));
        if (id) {
          wake(name);
          return ended(name, id);
        }
        // A pass is waiting already (the queue holds one). It has not started, so it will run after this call:
        // wait for it when it is due now, or put one due now in its place.
        const { rows } = await boss
          .getDb()
          .executeSql(`select id, start_after <= now() as due from ${opts.schema}.job where name = $1 and state = 'created'`, [name]);
        const queued = rows[0] as { id: string; due: boolean } | undefined;
        if (queued?.due) {
          wake(name);
          return ended(name, queued.id);
        }
        if (queued) await boss.deleteJob(name, queued.id);
      }
      throw new Error(`Could not queue a ${name} pass`);
    },
    stop() {
      stopping ??= (async () => {
        await started?.catch(() => {});
        // Wakes every waiting worker so it sees the stop, waits for the passes in progress (and the outcome each
        // records), then closes pg-boss's pool (the embedded database is closed by its owner).
        for (const look of [...workers.values()]) look();
        await Promise.race([Promise.all(loops), pause(30_000)]);
        await boss.stop({ graceful: true, wait: true, timeout: 1_000 });
      })();
      return stopping;
    },
  };
}
