/** Turns cached values into the strings stored in Redis and back. The server passes superjson. */
export interface Codec {
  encode(value: unknown): string;
  decode(text: string): unknown;
}

// Plain JSON loses bigint (it throws) and Date (it becomes a string); money is bigint everywhere here, so the
// default codec tags both. A tagged object is one with exactly one key, `$bigint` or `$date`.
export const jsonCodec: Codec = {
  encode(value) {
    return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const original = this[key];
      if (original instanceof Date) return { $date: original.toISOString() };
      if (typeof v === "bigint") return { $bigint: v.toString() };
      return v;
    });
  },
  decode(text) {
    return JSON.parse(text, (_key, v: unknown) => {
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1) {
          const o = v as Record<string, unknown>;
          if (typeof o.$bigint === "string") return BigInt(o.$bigint);
          if (typeof o.$date === "string") return new Date(o.$date);
        }
      }
      return v;
    });
  },
};
