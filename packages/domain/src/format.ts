/**
 * How both apps write counts and times for people, so the storefront and the dashboard read the same: one
 * locale, one time zone (UTC, said out loud), the same on the server and in the browser.
 */

/** "1 order", "3 orders": a count with its noun, plural when it is not exactly one. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

const DATE_TIME = new Intl.DateTimeFormat("en-JM", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const DATE = new Intl.DateTimeFormat("en-JM", { dateStyle: "medium", timeZone: "UTC" });

/** "30 Nov 2026, 2:05 pm UTC". */
export function displayDateTime(d: Date | string): string {
  return `${DATE_TIME.format(typeof d === "string" ? new Date(d) : d)} UTC`;
}

/** "30 Nov 2026" (the UTC day). */
export function displayDate(d: Date | string): string {
  return DATE.format(typeof d === "string" ? new Date(d) : d);
}
