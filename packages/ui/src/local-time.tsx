"use client";

import { useEffect, useState } from "react";
import { displayDate, displayDateTime } from "@caribex/domain";

/**
 * A time as the viewer reads it: Jamaica's time (with its zone named) in the server's HTML, then the browser's
 * own zone once the page has loaded, so the first paint and hydration agree and nobody is shown UTC.
 */
export function LocalTime({ at, dateOnly = false }: { at: Date | string; dateOnly?: boolean }) {
  const [zone, setZone] = useState<string | undefined>(undefined);
  useEffect(() => {
    try {
      setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    } catch {
      setZone(undefined);
    }
  }, []);
  const date = typeof at === "string" ? new Date(at) : at;
  return <time dateTime={date.toISOString()}>{dateOnly ? displayDate(date, zone) : displayDateTime(date, zone)}</time>;
}
