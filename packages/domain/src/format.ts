/**
 * How both apps write counts and times for people, so the storefront and the dashboard read the same: one
 * locale, and times in Jamaica's zone with the zone said out loud ("GMT-5"), unless the viewer's own zone is
 * known (the browser's, after the page has loaded).
 */

/** "1 order", "3 orders": a count with its noun, plural when it is not exactly one. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}

/** The zone times are shown in when the viewer's own is not known: most of our shoppers and sellers are here. */
export const DEFAULT_TIME_ZONE = "America/Jamaica";

const formatters = new Map<string, { dateTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string | undefined): { dateTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat } {
  const zone = timeZone || DEFAULT_TIME_ZONE;
  let found = formatters.get(zone);
  if (!found) {
    try {
      found = {
        dateTime: new Intl.DateTimeFormat("en-JM", { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: zone, timeZoneName: "short" }),
        date: new Intl.DateTimeFormat("en-JM", { dateStyle: "medium", timeZone: zone }),
      };
    } catch {
      // An unknown zone name (an old browser's, or a typo): the default zone instead.
      return formattersFor(DEFAULT_TIME_ZONE);
    }
    formatters.set(zone, found);
  }
  return found;
}

/** "30 Nov 2026, 9:05 am GMT-5": in Jamaica unless another IANA zone is given. */
export function displayDateTime(d: Date | string, timeZone?: string): string {
  return formattersFor(timeZone).dateTime.format(typeof d === "string" ? new Date(d) : d);
}

/** "30 Nov 2026": the day in Jamaica unless another IANA zone is given. */
export function displayDate(d: Date | string, timeZone?: string): string {
  return formattersFor(timeZone).date.format(typeof d === "string" ? new Date(d) : d);
}
