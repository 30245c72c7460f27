export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Reads the Prometheus text exposition format (the subset prom-client writes). Comments and bad lines are skipped. */
export function parsePrometheus(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\"/g, '"').replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1]!, labels, value });
  }
  return out;
}

/** Sum of a metric's samples whose labels match every given predicate. Metric names compare case-insensitively. */
export function sum(samples: readonly Sample[], name: string, where: (labels: Record<string, string>) => boolean = () => true): number {
  const n = name.toLowerCase();
  return samples.filter((s) => s.name.toLowerCase() === n && where(s.labels)).reduce((acc, s) => acc + s.value, 0);
}

export function has(samples: readonly Sample[], name: string): boolean {
  const n = name.toLowerCase();
  return samples.some((s) => s.name.toLowerCase() === n);
}

export interface KeyFigures {
  requests: number;
  serverErrors: number;
  clientErrors: number;
  /** Mean request duration in seconds, or null without the histogram. */
  meanLatency: number | null;
  cacheHitRatio: { level: string; ratio: number | null; hits: number; misses: number }[];
  walletTransactions: { type: string; status: string; count: number }[];
  residentMemoryBytes: number | null;
  eventLoopLagSeconds: number | null;
  uptimeSeconds: number | null;
}

export function keyFigures(samples: readonly Sample[], nowSeconds: number): KeyFigures {
  const requests = sum(samples, "CaribEX_requests_total");
  const statusFrom = (l: Record<string, string>) => Number(l.status ?? l.code ?? 0);
  const durCount = sum(samples, "CaribEX_request_duration_seconds_count");
  const durSum = sum(samples, "CaribEX_request_duration_seconds_sum");

  const levels = new Set<string>();
  for (const s of samples) {
    const n = s.name.toLowerCase();
    if ((n === "caribex_cache_hits_total" || n === "caribex_cache_misses_total") && s.labels.level) levels.add(s.labels.level);
  }
  const cacheHitRatio = [...levels].sort().map((level) => {
    const hits = sum(samples, "CaribEX_cache_hits_total", (l) => l.level === level);
    const misses = sum(samples, "CaribEX_cache_misses_total", (l) => l.level === level);
    return { level, hits, misses, ratio: hits + misses > 0 ? hits / (hits + misses) : null };
  });

  const wallet = new Map<string, { type: string; status: string; count: number }>();
  for (const s of samples) {
    if (s.name.toLowerCase() !== "caribex_wallet_transactions_total") continue;
    const type = s.labels.type ?? "unknown";
    const status = s.labels.status ?? "unknown";
    const k = `${type}|${status}`;
    wallet.set(k, { type, status, count: (wallet.get(k)?.count ?? 0) + s.value });
  }

  const start = has(samples, "process_start_time_seconds") ? sum(samples, "process_start_time_seconds") : null;
  const lagName = ["nodejs_eventloop_lag_p99_seconds", "nodejs_eventloop_lag_seconds"].find((n) => has(samples, n));
  return {
    requests,
    serverErrors: sum(samples, "CaribEX_requests_total", (l) => statusFrom(l) >= 500),
    clientErrors: sum(samples, "CaribEX_requests_total", (l) => statusFrom(l) >= 400 && statusFrom(l) < 500),
    meanLatency: durCount > 0 ? durSum / durCount : null,
    cacheHitRatio,
    walletTransactions: [...wallet.values()].sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status)),
    residentMemoryBytes: has(samples, "process_resident_memory_bytes") ? sum(samples, "process_resident_memory_bytes") : null,
    eventLoopLagSeconds: lagName ? sum(samples, lagName) : null,
    uptimeSeconds: start !== null && start > 0 ? Math.max(0, nowSeconds - start) : null,
  };
}
