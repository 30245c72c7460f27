import type { Page, PageRequest } from "@caribex/domain";

/** postgres.js returns rows as an array, PGlite as `{ rows }`; raw SQL goes through this. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export function pageOf<T>(items: T[], total: number, q: PageRequest): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export function offsetOf(q: PageRequest): number {
  return Math.max(0, (Math.max(1, q.page) - 1) * q.pageSize);
}

export const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
