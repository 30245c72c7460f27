import { formatAmount, isCurrency, parseAmount, type Currency } from "@caribex/domain";
import { z } from "zod";

/**
 * Money for clients without superjson (REST, plain JSON): a decimal string read in the currency beside it.
 *
 * Every bigint in a contract is an amount in minor units, so the contract's own schema says where money is; the
 * currency is the nearest `currency` field at or above it. `decimalMoney` is the one codec between the two forms;
 * `plainMoney` applies it along a value (out) or along a schema (in).
 */
export function decimalMoney(cur: Currency) {
  return z.codec(z.string(), z.bigint(), {
    decode: (text, ctx) => {
      try {
        return parseAmount(text, cur);
      } catch (e) {
        ctx.issues.push({ code: "custom", message: e instanceof Error ? e.message : "Invalid amount", input: text });
        return z.NEVER;
      }
    },
    encode: (minor) => formatAmount(minor, cur),
  });
}

/** How money is described in JSON Schema and OpenAPI documents. */
export const DECIMAL_MONEY_JSON_SCHEMA = {
  type: "string",
  pattern: "^\\d{1,16}(\\.\\d+)?$",
  description: 'Money: a decimal string in the currency beside it (at most its number of decimals), e.g. "12.50"',
} as const;

const currencyOf = (value: object, above: Currency | null): Currency | null => {
  const own = (value as { currency?: unknown }).currency;
  return isCurrency(own) ? own : above;
};

/**
 * Amounts whose currency is not a `currency` field beside them: a conversion's `pay` is in its `from` currency
 * and its `receive` in its `to`. Registering the amount's schema here says which field of its object names it.
 */
export const moneyCurrency = z.registry<{ of: (parent: Record<string, unknown>) => unknown }>();

/** The currency of field `schema` of `parent`: registered, or the nearest `currency` field. */
function fieldCurrency(schema: z.ZodType | undefined, parent: object, here: Currency | null): Currency | null {
  if (!schema) return here;
  const named = (moneyCurrency.get(schema) ?? moneyCurrency.get(unwrap(schema)))?.of(parent as Record<string, unknown>);
  return isCurrency(named) ? named : here;
}

/** One money input that did not decode, with where it sits ("amount", "expectedTotals.0.amount"). */
export interface PlainMoneyIssue {
  path: string;
  message: string;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; getter?: () => z.ZodType };

/** The schema under optional, nullable, default, readonly, lazy and pipe wrappers (where the input is read). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 32; i++) {
    const def = (s as unknown as { _zod: { def: Def } })._zod.def;
    if (def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else if (def.type === "lazy" && def.getter) s = def.getter();
    else return s;
  }
  return s;
}

function decodeAlong(schema: z.ZodType, value: unknown, cur: Currency | null, path: (string | number)[], issues: PlainMoneyIssue[]): unknown {
  const s = unwrap(schema);
  const def = (s as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === "bigint") {
    if (typeof value !== "string" || !cur) return value;
    const decoded = decimalMoney(cur).safeDecode(value);
    if (decoded.success) return decoded.data;
    for (const issue of decoded.error.issues) issues.push({ path: [...path, ...issue.path].map(String).join("."), message: issue.message });
    return value;
  }
  if (def.type === "array" && def.element && Array.isArray(value)) {
    return value.map((v, i) => decodeAlong(def.element!, v, cur, [...path, i], issues));
  }
  if (def.type === "object" && def.shape && value && typeof value === "object" && !Array.isArray(value)) {
    const here = currencyOf(value, cur);
    const shape = def.shape;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, Object.hasOwn(shape, k) ? decodeAlong(shape[k]!, v, fieldCurrency(shape[k], value, here), [...path, k], issues) : v]),
    );
  }
  return value;
}

export const plainMoney = {
  /**
   * Outgoing: every bigint becomes a decimal string in the nearest currency ("12.50" for 1250n JMD). With the
   * output's schema, amounts registered in `moneyCurrency` are read in the currency their object names.
   */
  encode(value: unknown, cur: Currency | null = null, schema?: z.ZodType): unknown {
    if (typeof value === "bigint") return cur ? decimalMoney(cur).encode(value) : value.toString();
    if (value instanceof Date) return value.toISOString();
    const def = schema ? (unwrap(schema) as unknown as { _zod: { def: Def } })._zod.def : undefined;
    if (Array.isArray(value)) return value.map((v) => plainMoney.encode(v, cur, def?.type === "array" ? def.element : undefined));
    if (value && typeof value === "object") {
      const here = currencyOf(value, cur);
      const shape = def?.type === "object" ? def.shape : undefined;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => {
          const field = shape && Object.hasOwn(shape, k) ? shape[k] : undefined;
          return [k, plainMoney.encode(v, fieldCurrency(field, value, here), field)];
        }),
      );
    }
    return value;
  },

  /**
   * Incoming: where `schema` wants a bigint and the value is a decimal string, it is read in the nearest currency.
   * Anything else is left for the schema itself to accept or refuse.
   */
  decode(schema: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false; issues: PlainMoneyIssue[] } {
    const issues: PlainMoneyIssue[] = [];
    const decoded = decodeAlong(schema, value, null, [], issues);
    return issues.length ? { ok: false, issues } : { ok: true, value: decoded };
  },
};
