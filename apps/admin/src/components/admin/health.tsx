import type { AdminSystemHealth } from "@caribex/contracts";
import { displayDateTime } from "@caribex/domain";

const DEPENDENCIES: { key: keyof AdminSystemHealth["checks"]; label: string }[] = [
  { key: "database", label: "Database" },
  { key: "redis", label: "Redis" },
];

const STATE_TEXT: Record<AdminSystemHealth["checks"]["database"], string> = { ok: "OK", fail: "Failing", not_configured: "Not configured" };
const STATE_BADGE: Record<AdminSystemHealth["checks"]["database"], string> = { ok: "badge-completed", fail: "badge-cancelled", not_configured: "" };

const count = (n: number) => n.toLocaleString("en-US");
const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const dur = (s: number) => {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};

/** Readiness and key figures of the API server, as admin.system.health reports them. */
export function HealthView({ health }: { health: AdminSystemHealth }) {
  const { requests } = health;
  return (
    <>
      <section aria-labelledby="readiness">
        <h2 id="readiness">Readiness</h2>
        <div className="cards">
          <div className="card">
            <p className="card-label">API server</p>
            <p className="card-value">
              <span className={`badge ${health.ready ? "badge-completed" : "badge-cancelled"}`}>{health.ready ? "Ready" : "Not ready"}</span>
            </p>
          </div>
          {DEPENDENCIES.map(({ key, label }) => (
            <div className="card" key={key}>
              <p className="card-label">{label}</p>
              <p className="card-value">
                <span className={`badge ${STATE_BADGE[health.checks[key]]}`}>{STATE_TEXT[health.checks[key]]}</span>
              </p>
            </div>
          ))}
        </div>
        <p className="muted">
          Checked at <time dateTime={health.checkedAt.toISOString()}>{health.checkedAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>.
        </p>
      </section>
      {health.jobs ? <JobsPanel jobs={health.jobs} /> : null}
      <section aria-labelledby="figures">
        <h2 id="figures">Key figures since the server started</h2>
        <div className="cards">
          <div className="card">
            <p className="card-label">Requests</p>
            <p className="card-value">{count(requests.total)}</p>
          </div>
          <div className="card">
            <p className="card-label">Server errors (5xx)</p>
            <p className="card-value">{count(requests.byStatusClass["5xx"])}</p>
          </div>
          <div className="card">
            <p className="card-label">Refused or invalid (4xx)</p>
            <p className="card-value">{count(requests.byStatusClass["4xx"])}</p>
          </div>
          {health.cache.map((c) => (
            <div className="card" key={c.level}>
              <p className="card-label">Cache hit ratio ({c.level.toUpperCase()})</p>
              <p className="card-value">{pct(c.hitRatio)}</p>
            </div>
          ))}
          <div className="card">
            <p className="card-label">Database connections in use</p>
            <p className="card-value">{count(health.dbPoolInUse)}</p>
          </div>
          <div className="card">
            <p className="card-label">Memory in use</p>
            <p className="card-value">{mb(health.rssBytes)}</p>
          </div>
          <div className="card">
            <p className="card-label">Event-loop lag (p99)</p>
            <p className="card-value">{ms(health.eventLoopLagMs.p99)}</p>
          </div>
          <div className="card">
            <p className="card-label">Uptime</p>
            <p className="card-value">{dur(health.uptimeSeconds)}</p>
          </div>
        </div>
        <div className="table-wrap">
          <table className="data">
            <caption>Requests by status class</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Count
                </th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(requests.byStatusClass) as (keyof typeof requests.byStatusClass)[]).map((cls) => (
                <tr key={cls}>
                  <th scope="row">{cls}</th>
                  <td className="num">{count(requests.byStatusClass[cls])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table className="data">
            <caption>Cache</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col" className="num">
                  Hits
                </th>
                <th scope="col" className="num">
                  Misses
                </th>
                <th scope="col" className="num">
                  Hit ratio
                </th>
              </tr>
            </thead>
            <tbody>
              {health.cache.map((c) => (
                <tr key={c.level}>
                  <th scope="row">{c.level.toUpperCase()}</th>
                  <td className="num">{count(c.hits)}</td>
                  <td className="num">{count(c.misses)}</td>
                  <td className="num">{pct(c.hitRatio)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

const JOB_NAMES: Record<string, string> = {
  "chain-deposits": "USDC deposit scanner",
  "chain-withdrawals": "USDC withdrawal sender",
  "escrow-release": "Escrow auto-release",
  "fx-feed": "Exchange-rate feed",
  housekeeping: "Housekeeping",
  "liability-snapshot": "Proof of liabilities",
};

const when = (d: Date | null) => (d ? displayDateTime(d) : "—");

/** Each background job: how often it runs, its last success and failure, failures today, and its next pass. */
function JobsPanel({ jobs }: { jobs: NonNullable<AdminSystemHealth["jobs"]> }) {
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">Background jobs</h2>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">Background jobs</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">State</th>
              <th scope="col">Every</th>
              <th scope="col">Last success</th>
              <th scope="col">Last failure</th>
              <th scope="col" className="num">
                Failures (24 h)
              </th>
              <th scope="col">Next pass</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.name}>
                <th scope="row">{JOB_NAMES[j.name] ?? j.name}</th>
                <td>
                  {j.intervalSeconds === null ? (
                    <span className="badge">Off</span>
                  ) : j.running ? (
                    <span className="badge badge-shipped">Running</span>
                  ) : j.failuresLast24h > 0 && (!j.lastCompletedAt || (j.lastFailedAt && j.lastFailedAt > j.lastCompletedAt)) ? (
                    <span className="badge badge-cancelled">Failing</span>
                  ) : (
                    <span className="badge badge-completed">Idle</span>
                  )}
                </td>
                <td>{j.intervalSeconds === null ? "—" : dur(j.intervalSeconds)}</td>
                <td>{when(j.lastCompletedAt)}</td>
                <td>{when(j.lastFailedAt)}</td>
                <td className="num">{count(j.failuresLast24h)}</td>
                <td>{when(j.nextRunAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
