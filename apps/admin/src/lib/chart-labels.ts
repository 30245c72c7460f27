/** A bar's tick label: a day "2026-12-07" as "12-07" (the year is in the chart's range); any other label whole. */
export function tickLabel(label: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label;
}
