import { tickLabel } from "@/lib/chart-labels";

export interface Bar {
  label: string;
  value: number;
  /** Shown on hover and in the screen-reader table; defaults to the value. */
  display?: string;
}

interface Props {
  title: string;
  bars: Bar[];
  /** Unit for the axis, e.g. "orders" or "JMD". */
  unit: string;
  height?: number;
  /**
   * `days` (the default): one bar per day labelled "YYYY-MM-DD", ticks showing the month and day, and a total.
   * `compare`: a few named bars side by side ("On chain", "Owed"), labelled in full, with no total (their sum means
   * nothing).
   */
  kind?: "days" | "compare";
}


/**
 * A small bar chart drawn as inline SVG, so charts need no library and render on the server. The same figures
 * are in a visually hidden table for screen readers.
 */
export function BarChart({ title, bars, unit, height = 160, kind = "days" }: Props) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const width = 600;
  const pad = { top: 12, right: 8, bottom: 22, left: 44 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = bars.length > 0 ? innerW / bars.length : innerW;
  const barW = Math.max(1, step * 0.7);
  const scale = (v: number) => (max > 0 ? (v / max) * innerH : 0);
  const tickEvery = Math.max(1, Math.ceil(bars.length / 6));
  const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 }));
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const total = bars.reduce((a, b) => a + b.value, 0);
  // Count units are given in the plural ("orders"); exactly one takes the singular. Currency codes are left alone.
  const unitOf = (n: number) => (n === 1 && /[a-z]s$/.test(unit) ? unit.slice(0, -1) : unit);

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        {kind === "days" ? (
          <span className="chart-total">
            {fmt(total)} {unitOf(total)} total
          </span>
        ) : null}
      </figcaption>
      {max === 0 ? (
        <p className="chart-empty">Nothing in this period yet.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t`} preserveAspectRatio="none">
          <title id={`${id}-t`}>
            {kind === "days"
              ? `${title}: ${fmt(total)} ${unitOf(total)} over ${bars.length} days, highest ${fmt(max)}`
              : `${title}: ${bars.map((b) => `${b.label} ${b.display ?? fmt(b.value)}`).join(", ")}`}
          </title>
          <line x1={pad.left} x2={width - pad.right} y1={pad.top + innerH} y2={pad.top + innerH} className="chart-axis" />
          <text x={pad.left - 6} y={pad.top + 4} textAnchor="end" className="chart-tick">
            {fmt(max)}
          </text>
          <text x={pad.left - 6} y={pad.top + innerH} textAnchor="end" className="chart-tick">
            0
          </text>
          {bars.map((b, i) => {
            const h = scale(b.value);
            const x = pad.left + i * step + (step - barW) / 2;
            return (
              <g key={b.label}>
                <rect x={x} y={pad.top + innerH - h} width={barW} height={Math.max(h, b.value > 0 ? 1 : 0)} className="chart-bar">
                  <title>{`${b.label}: ${b.display ?? fmt(b.value)}`}</title>
                </rect>
                {i % tickEvery === 0 ? (
                  <text x={x + barW / 2} y={height - 6} textAnchor="middle" className="chart-tick">
                    {tickLabel(b.label)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{kind === "days" ? "Day" : "What"}</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <td>{b.label}</td>
              <td>{b.display ?? fmt(b.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
