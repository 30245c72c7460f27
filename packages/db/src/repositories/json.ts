/**
 * Idempotent results are stored as jsonb but use cases return bigint amounts and Dates; these tag them so a
 * replayed request gets back exactly what the first one returned.
 */
export function encodeJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = this[key];
      if (typeof raw === "bigint") return { $bigint: raw.toString() };
      if (raw instanceof Date) return { $date: raw.toISOString() };
      return v;
    }),
  );
}

export function decodeJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeJson);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && typeof obj.$bigint === "string") return BigInt(obj.$bigint);
    if (keys.length === 1 && typeof obj.$date === "string") return new Date(obj.$date);
    return Object.fromEntries(keys.map((k) => [k, decodeJson(obj[k])]));
  }
  return value;
}
