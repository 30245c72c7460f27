"use client";

import { useQuery } from "@tanstack/react-query";
import { keyFigures, parsePrometheus } from "@/lib/metrics";
import { ErrorNotice } from "@/components/ui";

interface Ready {
  httpStatus: number;
  body: unknown;
}

async function readyz(): Promise<Ready> {
  const res = await fetch("/api-health/readyz", { cache: "no-store" });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain-text body; show as is
  }
  return { httpStatus: res.status, body };
}

async function metrics(): Promise<string> {
  const res = await fetch("/api-health/metrics", { cache: "no-store" });
  if (!res.ok) throw new Error(`The metrics endpoint answered ${res.status}`);
  return res.text();
}

function checksOf(body: unknown): [string, string][] {
  if (!body || typeof body !== "object") return [];
  const o = body as Record<string, unknown>;
  const source = (o.checks && typeof o.checks === "object" ? o.checks : o) as Record<string, unknown>;
  return Object.entries(source)
    .filter(([k]) => k !== "status")
    .map(([k, v]) => [k, typeof v === "object" && v !== null ? String((v as { status?: unknown }).status ?? JSON.stringify(v)) : String(v)]);
}

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const mb = (b: number | null) => (b === null ? "—" : `${(b / 1024 / 1024).toFixed(0)} MB`);
const dur = (s: number | null) => {
  if (s === null) return "—";
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};

export function HealthView() {
  const ready = useQuery({ queryKey: ["health", "readyz"], queryFn: readyz, refetchInterval: 10_000, retry: false });
  const prom = useQuery({ queryKey: ["health", "metrics"], queryFn: metrics, refetchInterval: 15_000, retry: false });
  const figures = prom.data ? keyFigures(parsePrometheus(prom.data), Date.now() / 1000) : null;
  const isReady = ready.data ? ready.data.httpStatus === 200 : null;

  return (
    <>
      <section aria-labelledby="readiness">
        <h2 id="readiness">Readiness</h2>
        {ready.isPending ? (
          <p role="status" className="muted">
            Checking…
          </p>
        ) : ready.isError ? (
          <ErrorNotice error={{ code: null, message: "The API server could not be reached.", hint: "It may be down or restarting.", status: null, fieldErrors: null }} />
        ) : (
          <div className="cards" aria-live="polite">
            <div className="card">
              <p className="card-label">API server</p>
              <p className="card-value">
                <span className={`badge ${isReady ? "badge-completed" : "badge-cancelled"}`}>{isReady ? "Ready" : `Not ready (${ready.data.httpStatus})`}</span>
              </p>
            </div>
            {checksOf(ready.data.body).map(([name, state]) => (
              <div className="card" key={name}>
                <p className="card-label">{name}</p>
                <p className="card-value">{state}</p>
              </div>
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby="figures">
        <h2 id="figures">Key figures since the server started</h2>
        {prom.isPending ? (
          <p role="status" className="muted">
            Loading metrics…
          </p>
        ) : prom.isError || !figures ? (
          <ErrorNotice error={{ code: null, message: "Metrics are unavailable.", hint: "The server's /metrics endpoint did not answer.", status: null, fieldErrors: null }} />
        ) : (
          <>
            <div className="cards">
              <div className="card">
                <p className="card-label">Requests</p>
                <p className="card-value">{figures.requests.toLocaleString("en-US")}</p>
              </div>
              <div className="card">
                <p className="card-label">Server errors (5xx)</p>
                <p className="card-value">{figures.serverErrors.toLocaleString("en-US")}</p>
              </div>
              <div className="card">
                <p className="card-label">Refused or invalid (4xx)</p>
                <p className="card-value">{figures.clientErrors.toLocaleString("en-US")}</p>
              </div>
              <div className="card">
                <p className="card-label">Mean response time</p>
                <p className="card-value">{figures.meanLatency === null ? "—" : `${(figures.meanLatency * 1000).toFixed(1)} ms`}</p>
              </div>
              {figures.cacheHitRatio.map((c) => (
                <div className="card" key={c.level}>
                  <p className="card-label">Cache hit ratio ({c.level})</p>
                  <p className="card-value">{pct(c.ratio)}</p>
                </div>
              ))}
              <div className="card">
                <p className="card-label">Memory in use</p>
                <p className="card-value">{mb(figures.residentMemoryBytes)}</p>
              </div>
              <div className="card">
                <p className="card-label">Event-loop lag</p>
                <p className="card-value">{figures.eventLoopLagSeconds === null ? "—" : `${(figures.eventLoopLagSeconds * 1000).toFixed(1)} ms`}</p>
              </div>
              <div className="card">
                <p className="card-label">Uptime</p>
                <p className="card-value">{dur(figures.uptimeSeconds)}</p>
              </div>
            </div>
            {figures.walletTransactions.length > 0 ? (
              <div className="table-wrap">
                <table className="data">
                  <caption>Wallet transactions</caption>
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Count
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {figures.walletTransactions.map((w) => (
                      <tr key={`${w.type}-${w.status}`}>
                        <td>{w.type}</td>
                        <td>{w.status}</td>
                        <td className="num">{w.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}
