import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@caribex/db";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { createLogger, createMetrics, createJobMetrics } from "@caribex/observability";
import { createApp, type App } from "../src/app";
import { createJobRunner, type JobRunner, type JobStore, type PeriodicJob } from "../src/jobs";
import { startServer, testConfig, until } from "./harness";

const logger = createLogger({ level: "silent" });

/** Waits for a condition, with the harness's poll and safety net. */
const waitFor = (what: string, check: () => boolean | Promise<boolean>) => until(check, Boolean, what);

/** A job that records how many of its passes run at once, across every runner it is given to. */
function probe(name: string, everyMs = 50) {
  const state = { active: 0, maxActive: 0, passes: 0, fail: false };
  let release: (() => void) | null = null;
  const job: PeriodicJob = {
    name,
    everyMs,
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

type Rows<T> = T[];
const rows = async <T>(t: TestDatabase, text: string) => (await t.database.db.execute(text)) as unknown as Rows<T>;

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
    const r = createJobRunner(jobs, { store: { connectionString: t.url }, schema: "jobs_test", maintenanceSeconds: 5, logger, ...(metrics ? { metrics } : {}) });
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
    const [row] = await rows<{ n: number }>(t, "select count(*)::int as n from jobs_test.job where name = 'probe-exclusive' and state = 'active'");
    expect(row!.n).toBe(0);
    expect(p.state.passes).toBe(after);
  });

  it("keeps pg-boss in its own schema, owned by the database user, outside the application's tables", async () => {
    expect(await rows(t, "select n.nspname as schema, pg_get_userbyid(n.nspowner) as owner from pg_namespace n where n.nspname = 'jobs_test'")).toEqual([
      { schema: "jobs_test", owner: "postgres" },
    ]);
    const leaked = await rows(t, "select table_name from information_schema.tables where table_schema = 'public' and table_name in ('job', 'queue', 'schedule', 'version')");
    expect(leaked).toHaveLength(0);
  });

  it("runs a pass on demand, wherever it runs, and reports its failure", async () => {
    const p = probe("probe-on-demand", 3_600_000);
    const r = pgBoss([p.job]);
    await r.start();
    await waitFor("the first pass at start", () => p.state.passes >= 1);
    await r.runNow("probe-on-demand");
    expect(p.state.passes).toBe(2);
    p.state.fail = true;
    await expect(r.runNow("probe-on-demand")).rejects.toThrow("pass failed on purpose");
    await r.stop();
  });
});

describe("background jobs on the embedded database", () => {
  it("run on pg-boss in the embedded database, never overlap, and stop after the pass in progress", async () => {
    const database = await createDatabase({});
    const store: JobStore = { embedded: { executeSql: database.executeSql! } };
    const p = probe("probe-embedded");
    const runner = createJobRunner([p.job], { store, schema: "pgboss", maintenanceSeconds: 5, logger });
    try {
      await runner.start();
      await waitFor("three passes", () => p.state.passes >= 3);
      await waitFor("a pass in progress", () => p.holding());
      await runner.stop();
      expect(p.state.active).toBe(0);
      expect(p.state.maxActive).toBe(1);
      const { rows: done } = await database.executeSql!("select count(*)::int as n from pgboss.job where name = 'probe-embedded' and state = 'completed'");
      expect((done[0] as { n: number }).n).toBeGreaterThanOrEqual(3);

      // A pass left active (its process gone: the embedded database only ever has one) is failed at the next
      // start instead of holding the job up until its timeout.
      await database.executeSql!(
        "update pgboss.job set state = 'active', started_on = now(), completed_on = null where id = (select id from pgboss.job where name = 'probe-embedded' and state = 'completed' limit 1)",
      );
      const again = createJobRunner([p.job], { store, schema: "pgboss", maintenanceSeconds: 5, logger });
      const before = p.state.passes;
      await again.start();
      const { rows: abandoned } = await database.executeSql!("select output from pgboss.job where name = 'probe-embedded' and state = 'failed'");
      expect(abandoned).toEqual([{ output: { message: "left active by a process that is gone" } }]);
      await waitFor("a pass after the restart", () => p.state.passes > before);
      await again.stop();
    } finally {
      await runner.stop();
      await database.close();
    }
  });
});

describe("the declared jobs in running servers", () => {
  let t: TestDatabase;
  const apps: App[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.allSettled(apps.map((a) => a.close()));
    await t?.drop();
  });

  /** A server on the shared test database, as one more instance of a deployment would be. */
  async function instance(env: Record<string, string>): Promise<App> {
    const app = await createApp(testConfig(t.url, { JOBS_SCHEMA: "jobs_fleet", ...env }), {
      defaultMetrics: false,
      namespace: `test-${randomBytes(6).toString("hex")}`,
    });
    apps.push(app);
    return app;
  }

  const passes = async (app: App, job: string) => {
    const m = new RegExp(`CaribEX_job_runs_total\\{job="${job}",outcome="ok"\\} (\\d+)`).exec(await app.metrics.metricsText());
    return m ? Number(m[1]) : 0;
  };

  it("a changed ESCROW_RELEASE_INTERVAL_SECONDS holds from the next start, without waiting out the pass queued before", async () => {
    const hourly = await instance({ ESCROW_RELEASE_INTERVAL_SECONDS: "3600" });
    await waitFor("the first escrow pass", async () => (await passes(hourly, "escrow-release")) >= 1);
    // The pass after it waits an hour.
    await waitFor("the next pass queued an hour later", async () => {
      const [r] = await rows<{ n: number }>(
        t,
        "select count(*)::int as n from jobs_fleet.job where name = 'escrow-release' and state = 'created' and start_after > now() + interval '30 minutes'",
      );
      return r!.n === 1;
    });
    await hourly.close();

    const everySecond = await instance({ ESCROW_RELEASE_INTERVAL_SECONDS: "1" });
    const [stale] = await rows<{ n: number }>(
      t,
      "select count(*)::int as n from jobs_fleet.job where name = 'escrow-release' and state = 'created' and start_after > now() + interval '1 minute'",
    );
    expect(stale!.n).toBe(0);
    await waitFor("three escrow passes a second apart", async () => (await passes(everySecond, "escrow-release")) >= 3);
    await everySecond.close();
  });

  it("two servers on one database never run the same job at once, even asked for passes at the same moment", async () => {
    const env = { ESCROW_RELEASE_INTERVAL_SECONDS: "1", HOUSEKEEPING_INTERVAL_SECONDS: "1" };
    const [a, b] = await Promise.all([instance(env), instance(env)]);
    // Each server's escrow pass, watched from here: how many run at once across both, and which server ran them.
    const seen = { active: 0, maxActive: 0, maxActiveInQueue: 0, by: new Map<App, number>() };
    for (const app of [a, b]) {
      const orders = app.deps.services.orders;
      const release = orders.releaseDueEscrows.bind(orders);
      orders.releaseDueEscrows = async (...args) => {
        seen.active++;
        seen.maxActive = Math.max(seen.maxActive, seen.active);
        try {
          // While this pass runs, the queue itself is asked how many escrow passes it holds active: a second one
          // running anywhere (this process or the other) would show here, however short either pass is.
          const [result, [queued]] = await Promise.all([
            release(...args),
            rows<{ n: number }>(t, "select count(*)::int as n from jobs_fleet.job where name = 'escrow-release' and state = 'active'"),
          ]);
          seen.maxActiveInQueue = Math.max(seen.maxActiveInQueue, queued!.n);
          return result;
        } finally {
          seen.active--;
          seen.by.set(app, (seen.by.get(app) ?? 0) + 1);
        }
      };
    }
    // Both servers ask for a pass at once, again and again, besides the passes each queues a second after the last.
    await until(
      async () => {
        await Promise.all([a.jobs.runNow("escrow-release"), b.jobs.runNow("escrow-release")]);
        return (seen.by.get(a) ?? 0) + (seen.by.get(b) ?? 0);
      },
      (n) => n >= 10,
      "ten escrow passes",
    );
    await waitFor("housekeeping passes", async () => (await passes(a, "housekeeping")) + (await passes(b, "housekeeping")) >= 3);
    await Promise.all([a.close(), b.close()]);
    expect(seen.maxActive).toBe(1);
    expect(seen.maxActiveInQueue).toBe(1);
    const [active] = await rows<{ n: number }>(t, "select count(*)::int as n from jobs_fleet.job where state = 'active'");
    expect(active!.n).toBe(0);
  });

  it("a job the configuration turns off loses its schedule and waiting pass at the next start", async () => {
    const on = await instance({ ESCROW_RELEASE_INTERVAL_SECONDS: "3600" });
    await waitFor("an escrow pass", async () => (await passes(on, "escrow-release")) >= 1);
    await on.close();
    const off = await instance({ ESCROW_RELEASE_INTERVAL_SECONDS: "0" });
    expect(await rows(t, "select name from jobs_fleet.schedule where name = 'escrow-release'")).toEqual([]);
    expect(await rows(t, "select id from jobs_fleet.job where name = 'escrow-release' and state in ('created', 'retry')")).toEqual([]);
    await off.close();
  });
});

describe("where the server runs its jobs", () => {
  it("with JOBS_MODE=worker the API server starts no jobs (the worker process does)", async () => {
    const s = await startServer({ JOBS_MODE: "worker", JOBS_SCHEMA: "jobs_idle" });
    try {
      expect(await rows(s.db, "select 1 from pg_namespace where nspname = 'jobs_idle'")).toHaveLength(0);
      await expect(s.app.jobs.runNow("housekeeping")).rejects.toThrow(/not been started/);
    } finally {
      await s.stop();
    }
  });

  it("with JOBS_MODE=inline the server runs them on pg-boss, housekeeping included", async () => {
    const s = await startServer({ JOBS_SCHEMA: "jobs_inline" });
    try {
      await waitFor("a housekeeping pass", async () => {
        // The schema appears once pg-boss has started; until then the query fails.
        const done = await rows(s.db, "select 1 from jobs_inline.job where name = 'housekeeping' and state = 'completed'").catch(() => []);
        return done.length > 0;
      });
    } finally {
      await s.stop();
    }
  });
});
