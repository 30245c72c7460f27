/** Latency samples in a preallocated buffer, so recording stays cheap while the load generator is busy. */
export class Samples {
  private buf: Float64Array;
  private n = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Float64Array(capacity);
  }

  add(ms: number): void {
    if (this.n === this.buf.length) {
      // Bounded growth: past 4M samples the tail is dropped rather than exhausting memory.
      if (this.n >= 1 << 22) return;
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  /** Nearest-rank percentile (p in 0..100), NaN when empty. */
  percentile(p: number): number {
    if (this.n === 0) return Number.NaN;
    const sorted = this.buf.slice(0, this.n).sort();
    const rank = Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1));
    return sorted[rank]!;
  }

  merge(other: Samples): this {
    for (let i = 0; i < other.n; i++) this.add(other.buf[i]!);
    return this;
  }
}

export function fmtNumber(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return "n/a";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : "n/a";
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
