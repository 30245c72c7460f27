/**
 * One order's SQL, as the API server sent it, turned into a plan that can be replayed for any buyer and product:
 * the floor the checkout is measured against. Nothing here is typed in by hand: the statements, their parameters
 * and where each parameter comes from are read off a recorded order.
 *
 * Where a parameter comes from:
 * - the buyer's id, the product's id, its seller's id and its title (the "who" of the order);
 * - a value an earlier statement of the same call returned (the cart's id read under lock);
 * - a fresh UUID the server made up for this order (order id, idempotency key, ledger movement ids);
 * - anything else is a constant (role name, quantities, prices, scopes).
 * UUIDs inside a JSON parameter follow the same rules, so the ledger call's document is rebuilt per order.
 */

export interface RecordedStatement {
  sql: string;
  params: readonly unknown[];
  /** Rows the statement returned (postgres.js result), when it succeeded. */
  rows: readonly Record<string, unknown>[] | undefined;
}

export interface RecordedCall {
  name: string;
  statements: RecordedStatement[];
}

export type Identity = "buyer" | "product" | "seller" | "title";

export type Part = string | { identity: Identity } | { fresh: number } | { result: number; column: string };

/** A parameter: a constant, or text assembled from parts. */
export type PlannedParam = { constant: unknown } | { parts: Part[] };

export interface PlannedStatement {
  sql: string;
  params: PlannedParam[];
  /** Statements of the same call whose results this one needs (so it waits for them). */
  needs: number[];
  /** A later statement reads this one's first row. */
  readBack: boolean;
}

export interface FloorPlan {
  calls: { name: string; statements: PlannedStatement[] }[];
  /** Fresh UUIDs per order, numbered across both calls. */
  freshCount: number;
}

export interface OrderIdentity {
  buyer: string;
  product: string;
  seller: string;
  title: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ONE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the recorded calls of one order into a replayable plan. */
export function planOrder(calls: RecordedCall[], who: OrderIdentity): FloorPlan {
  const fresh = new Map<string, number>();
  const identities = new Map<string, Identity>([
    [who.buyer.toLowerCase(), "buyer"],
    [who.product.toLowerCase(), "product"],
    [who.seller.toLowerCase(), "seller"],
  ]);
  const planned = calls.map((call) => {
    const statements: PlannedStatement[] = call.statements.map((s) => ({ sql: s.sql, params: [], needs: [], readBack: false }));
    call.statements.forEach((s, k) => {
      // Values earlier statements of this call returned in their first row, newest first.
      const returned = new Map<string, { result: number; column: string }>();
      for (let j = k - 1; j >= 0; j--) {
        const row = call.statements[j]!.rows?.length === 1 ? call.statements[j]!.rows![0] : undefined;
        for (const [column, value] of Object.entries(row ?? {})) {
          if (typeof value === "string" && ONE_UUID.test(value) && !returned.has(value.toLowerCase())) {
            returned.set(value.toLowerCase(), { result: j, column });
          }
        }
      }
      const needs = new Set<number>();
      statements[k]!.params = s.params.map((value): PlannedParam => {
        if (typeof value !== "string") return { constant: typeof value === "bigint" ? value.toString() : value };
        const parts = partsOf(value, who.title, (uuid): Part => {
          const key = uuid.toLowerCase();
          const identity = identities.get(key);
          if (identity) return { identity };
          const from = returned.get(key);
          if (from) {
            needs.add(from.result);
            statements[from.result]!.readBack = true;
            return from;
          }
          if (!fresh.has(key)) fresh.set(key, fresh.size);
          return { fresh: fresh.get(key)! };
        });
        return parts.length === 1 && typeof parts[0] === "string" ? { constant: value } : { parts };
      });
      statements[k]!.needs = [...needs].sort((a, b) => a - b);
    });
    return { name: call.name, statements };
  });
  return { calls: planned, freshCount: fresh.size };
}

/** Splits `text` around the product's title and every UUID, naming each. */
function partsOf(text: string, title: string, name: (uuid: string) => Part): Part[] {
  const parts: Part[] = [];
  const pieces = title ? text.split(title) : [text];
  pieces.forEach((piece, i) => {
    if (i > 0) parts.push({ identity: "title" });
    let last = 0;
    for (const m of piece.matchAll(UUID)) {
      if (m.index > last) parts.push(piece.slice(last, m.index));
      parts.push(name(m[0]));
      last = m.index + m[0].length;
    }
    if (last < piece.length) parts.push(piece.slice(last));
  });
  return parts.length ? parts : [""];
}

/** The value of a parameter for one order. */
export function materialise(
  param: PlannedParam,
  who: OrderIdentity,
  fresh: readonly string[],
  results: readonly (readonly Record<string, unknown>[] | undefined)[],
): unknown {
  if ("constant" in param) return param.constant;
  return param.parts
    .map((p) => {
      if (typeof p === "string") return p;
      if ("identity" in p) return who[p.identity];
      if ("fresh" in p) return fresh[p.fresh];
      return String(results[p.result]?.[0]?.[p.column]);
    })
    .join("");
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The plan as a pgbench script (simple protocol). One statement before the order's transactions draws the
 * client's buyer and product from `pairsTable` and the order's fresh UUIDs (pgbench can neither make a UUID nor
 * build a JSON document); every other statement is the server's, with its parameters written in as literals.
 * pgbench's extended and prepared modes are not usable: they turn every `:word` into a parameter, including the
 * ones inside the server's string literals (`'HH24:MI:SS'`).
 */
export function pgbenchScript(plan: FloorPlan, pairsTable: string): string {
  const v = (name: string) => `:cxv_${name}`;
  const lines = [
    "-- Generated by the benchmark from one recorded order; see bench/src/floor-plan.ts.",
    [
      "select p.buyer_id::text as cxv_buyer, p.product_id::text as cxv_product, p.seller_id::text as cxv_seller, p.title as cxv_title",
      ...Array.from({ length: plan.freshCount }, (_, i) => `gen_random_uuid()::text as cxv_fresh${i}`),
    ].join(", ") + `\n  from ${pairsTable} p where p.n = :client_id`,
    "\\gset",
  ];
  plan.calls.forEach((call, c) => {
    call.statements.forEach((s, k) => {
      const literal = (param: PlannedParam): string => {
        if ("constant" in param) {
          const value = param.constant;
          if (value === null || value === undefined) return "NULL";
          if (typeof value === "object") return quote(JSON.stringify(value));
          return quote(String(value));
        }
        return quote(
          param.parts
            .map((p) => {
              if (typeof p === "string") return p;
              if ("identity" in p) return v(p.identity);
              if ("fresh" in p) return v(`fresh${p.fresh}`);
              return v(`s${c}_${p.result}_${p.column}`);
            })
            .join(""),
        );
      };
      const text = s.sql.trim().replace(/\$(\d+)/g, (_, n: string) => literal(s.params[Number(n) - 1]!));
      lines.push(s.readBack ? `${text}\n\\gset cxv_s${c}_${k}_` : `${text};`);
    });
  });
  return `${lines.join("\n")}\n`;
}
