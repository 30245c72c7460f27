import { sql } from "drizzle-orm";
import type { Database } from "./client";

/** What the job queue's tables say about one job. */
export interface JobQueueFacts {
  name: string;
  running: boolean;
  lastCompletedAt: Date | null;
  lastFailedAt: Date | null;
  failuresLast24h: number;
  /** When the waiting pass is due; null when none waits. */
  nextRunAt: Date | null;
}

interface Row {
  name: string;
  running: boolean | null;
  last_completed: string | Date | null;
  last_failed: string | Date | null;
  failures: number | string | null;
  next_run: string | Date | null;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;
const toDate = (v: string | Date | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/**
 * Reads pg-boss's own tables (recent passes in `job`, older ones in `archive`) for the named jobs: last success,
 * last failure, failures in the last day, whether a pass runs now and when the next one is due. It only reads the
 * shared database, so it works wherever the jobs run. A queue never started yet (no tables) reads as nothing known.
 */
export async function readJobQueue(database: Database, schema: string, names: readonly string[]): Promise<JobQueueFacts[]> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`The job queue's schema must be a plain identifier, not ${schema}`);
  if (names.length === 0) return [];
  const s = sql.raw(schema);
  const query = sql`
    select name,
           bool_or(state = 'active') as running,
           max(completed_on) filter (where state = 'completed') as last_completed,
           max(completed_on) filter (where state = 'failed') as last_failed,
           count(*) filter (where state = 'failed' and completed_on > now() - interval '24 hours') as failures,
           min(start_after) filter (where state in ('created', 'retry')) as next_run
      from (select name, state::text as state, completed_on, start_after from ${s}.job
            union all
            select name, state::text as state, completed_on, start_after from ${s}.archive) passes
     where name in (${sql.join(
       names.map((n) => sql`${n}`),
       sql`, `,
     )})
     group by name`;
  let rows: Row[];
  try {
    // postgres.js hands back the rows, PGlite an object holding them.
    const result = (await database.db.execute(query)) as unknown as Row[] | { rows: Row[] };
    rows = Array.isArray(result) ? result : result.rows;
  } catch {
    return [];
  }
  return rows.map((r) => ({
    name: r.name,
    running: Boolean(r.running),
    lastCompletedAt: toDate(r.last_completed),
    lastFailedAt: toDate(r.last_failed),
    failuresLast24h: Number(r.failures ?? 0),
    nextRunAt: toDate(r.next_run),
  }));
}
