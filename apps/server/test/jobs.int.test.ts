import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { createLogger, createMetrics, createJobMetrics } from "@caribex/observability";
import { createInProcessRunner, createPgBossRunner, type JobRunner, type PeriodicJob } from "../src/jobs";
import { startServer, until } from "./harness";

const logger = createLogger({ level: "silent" });

/** Waits for a condition, with the harness's poll and safety net. */
const waitFor = (what: string, check: () => boolean | Promise<boolean>) => until(check, Boolean, what);

/** A job that records how many of its passes run at once, across every runner it is given to. */
function probe(name: string) {
  const state = { active: 0, maxActive: 0, passes: 0, fail: false };
  let release: (() => void) | null = null;
  const job: PeriodicJob = {
    name,
    everyMs: 50,
    timeoutMs: 30_000,
    async run() {
      state.active++;
      state.maxActive = Math.max(state.maxActive, state.active);
      try {
        // Each pass stays open until the next pass of the test code gives way (or briefly by itself), so
        // overlapping passes would be seen.
        await new Promise<void>((resolve) => {
          release = resolve;
          setTimeout(resolve, 30);
        });
        if (state.fail) throw new Error("pass failed on purpose");
      } finally {
        state.active--;
        state.passes++;
        release = null;
      }
    },
  };
  return { job, state, holding: () => release !== null };
}

describe("background jobs on pg-boss", () => {
  let t: TestDatabase;
  const runners: JobRunner[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.allSettled(runners.map((r) => r.stop()));
    await t?.drop();
  });

  const pgBoss = (jobs: PeriodicJob[], metrics?: ReturnType<typeof createJobMetrics>) => {
    const r = createPgBossRunner(jobs, { connectionString: t.url, schema: "jobs_test", maintenanceSeconds: 5, logger, ...(metrics ? { metrics } : {}) });
    runners.push(r);
    return r;
  };

  it("runs a job again and again, one pass at a time across two runners on one database, and counts the passes", async () => {
    const p = probe("probe-exclusive");
    const metrics = createMetrics({ defaultMetrics: false });
    const jobMetrics = createJobMetrics(metrics.registry);
    // Two runners with their own pg-boss and connections, as two processes would have.
    const a = pgBoss([p.job], jobMetrics);
    const b = pgBoss([p.job], jobMetrics);
    await Promise.all([a.start(), b.start()]);
    expect(a.engine).toBe("pg-boss");
    await waitFor("eight passes", () => p.state.passes >= 8);
    expect(p.state.maxActive).toBe(1);

    p.state.fail = true;
    const failedBefore = p.state.passes;
    await waitFor("a failed pass and another after it", () => p.state.passes >= failedBefore + 2);
    const text = await metrics.metricsText();
    expect(text).toMatch(/CaribEX_job_runs_total\{job="probe-exclusive",outcome="ok"\} ([89]|\d\d+)/);
    expect(text).toMatch(/CaribEX_job_runs_total\{job="probe-exclusive",outcome="failed"\} [1-9]/);

    // Stopping waits for a pass in progress; no pass starts afterwards.
    await waitFor("a pass in progress", () => p.holding());
    await Promise.all([a.stop(), b.stop()]);
    expect(p.state.active).toBe(0);
    const after = p.state.passes;
    const [row] = (await t.database.db.execute(
      "select count(*)::int as n from jobs_test.job where name = 'probe-exclusive' and state = 'active'",
    )) as unknown as { n: number }[];
    expect(row!.n).toBe(0);
    expect(p.state.passes).toBe(after);
  });

  it("keeps pg-boss in its own schema, owned by the database user, outside the application's tables", async () => {
    const rows = (await t.database.db.execute(
      "select n.nspname as schema, pg_get_userbyid(n.nspowner) as owner from pg_namespace n where n.nspname = 'jobs_test'",
    )) as unknown as { schema: string; owner: string }[];
    expect(rows).toEqual([{ schema: "jobs_test", owner: "postgres" }]);
    const leaked = (await t.database.db.execute(
      "select table_name from information_schema.tables where table_schema = 'public' and table_name in ('job', 'queue', 'schedule', 'version')",
    )) as unknown as unknown[];
    expect(leaked).toHaveLength(0);
  });
});

describe("background jobs in process (the embedded database)", () => {
  it("never overlaps a job's passes and waits for the one in progress when stopped", async () => {
    const p = probe("probe-local");
    const runner = createInProcessRunner([p.job], { logger });
    expect(runner.engine).toBe("in-process");
    await runner.start();
    await waitFor("three passes", () => p.state.passes >= 3);
    await waitFor("a pass in progress", () => p.holding());
    await runner.stop();
    expect(p.state.active).toBe(0);
    expect(p.state.maxActive).toBe(1);
    const after = p.state.passes;
    await runner.start();
    expect(p.state.passes).toBe(after);
  });
});

describe("where the server runs its jobs", () => {
  it("with JOBS_MODE=worker the API server starts no jobs (the worker process does)", async () => {
    const s = await startServer({ JOBS_MODE: "worker", JOBS_SCHEMA: "jobs_idle" });
    try {
      expect(s.app.jobs.engine).toBe("pg-boss");
      const rows = (await s.db.database.db.execute("select 1 from pg_namespace where nspname = 'jobs_idle'")) as unknown as unknown[];
      expect(rows).toHaveLength(0);
    } finally {
      await s.stop();
    }
  });

  it("with JOBS_MODE=inline the server runs them on pg-boss, housekeeping included", async () => {
    const s = await startServer({ JOBS_SCHEMA: "jobs_inline" });
    try {
      await waitFor("a housekeeping pass", async () => {
        // The schema appears once pg-boss has started; until then the query fails.
        const rows = (await s.db.database.db
          .execute("select 1 from jobs_inline.job where name = 'housekeeping' and state = 'completed'")
          .catch(() => [])) as unknown as unknown[];
        return rows.length > 0;
      });
    } finally {
      await s.stop();
    }
  });
});
