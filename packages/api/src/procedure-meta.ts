import type { ServiceScope } from "@caribex/domain";
import type { z } from "zod";

/**
 * What a procedure says about itself, beside its input and output: the REST layer, the OpenAPI document, the
 * rate limiter, service tokens and the byte cache read these facts from the procedure instead of side tables.
 */
export interface Meta {
  /** A service token may only call procedures whose scope it holds. */
  scope?: ServiceScope;
  /** "sensitive": money and identity procedures also take from a stricter shared budget. Default "standard". */
  rateLimit?: RateClass;
  /**
   * Served under `/api/v1` and described in `/openapi.json`. The field names follow `trpc-to-openapi`'s
   * `openapi` meta; `protect` marks procedures that need a signed-in caller.
   */
  openapi?: RestRoute;
  /** Its anonymous answer is the same for every anonymous caller and may be served from cached bytes. */
  publicRead?: PublicReadMeta;
}

export type RateClass = "standard" | "sensitive";

export interface RestRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Below `/api/v1`, with `{name}` path parameters taken from the input: "/orders/{id}/cancel". */
  path: `/${string}`;
  summary: string;
  protect?: boolean;
}

/** Where a public read's answer is cached: under a key, or under a key within a family evicted as a whole. */
export interface CacheSlot {
  key: string;
  /** Evicted as a whole by `evictFamily(family)`. */
  family?: string;
}

export interface PublicReadMeta {
  /** The slot for one input, as the procedure parsed it. */
  slot(input: unknown): CacheSlot;
}

/** A public read's meta, with the slot typed by the procedure's input schema. */
export function publicRead<S extends z.ZodType | undefined = undefined>(
  _input: S,
  slot: (input: S extends z.ZodType ? z.output<S> : undefined) => CacheSlot,
): { publicRead: PublicReadMeta } {
  return { publicRead: { slot: slot as (input: unknown) => CacheSlot } };
}

/** One procedure of a router, with the facts it carries. */
export interface ProcedureFacts {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: Meta;
  input: z.ZodType | undefined;
  output: z.ZodType | undefined;
}

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  meta?: Meta;
  inputs: unknown[];
  output?: unknown;
}

const isZod = (v: unknown): v is z.ZodType => typeof v === "object" && v !== null && "_zod" in v && "safeParse" in v;

/** Every procedure of a router, flattened to its dotted path ("order.cancel"). */
export function proceduresOf(router: { _def: { procedures: object } }): ProcedureFacts[] {
  return Object.entries(router._def.procedures as Record<string, { _def: ProcedureDef }>).map(([path, { _def: def }]) => ({
    path,
    type: def.type,
    meta: def.meta ?? {},
    input: def.inputs.find(isZod),
    output: isZod(def.output) ? def.output : undefined,
  }));
}
