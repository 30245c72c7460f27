import { safeReturnPath } from "@caribex/contracts";

export type SearchParams = Record<string, string | string[] | undefined>;

export function param(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === "" ? undefined : s;
}

export function pageParam(sp: SearchParams, key = "page"): number {
  const n = Number(param(sp, key));
  return Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export function oneOf<T extends string>(sp: SearchParams, key: string, allowed: readonly T[], fallback: T): T;
export function oneOf<T extends string>(sp: SearchParams, key: string, allowed: readonly T[]): T | undefined;
export function oneOf<T extends string>(sp: SearchParams, key: string, allowed: readonly T[], fallback?: T): T | undefined {
  const v = param(sp, key);
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** Builds a link to the same table with some parameters changed; empty values drop out so URLs stay short. */
export function hrefWith(path: string, current: Record<string, string | number | undefined>, changes: Record<string, string | number | undefined>): string {
  const merged = { ...current, ...changes };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === "" || (k === "page" && Number(v) === 1)) continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** The `next` parameter as a same-origin path to return to after sign-in, or null (anything else is an open redirect). */
export function returnPathParam(sp: SearchParams): string | null {
  const next = param(sp, "next");
  const safe = safeReturnPath(next, "");
  return safe === "" ? null : safe;
}
