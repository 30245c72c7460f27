import { cacheKeys, canonicalJson } from "@caribex/application";
import { productByIdInput, productListInput } from "@caribex/contracts";
import { effectiveSort } from "@caribex/domain";
import type { z } from "zod";
import type { Context } from "./context";
import { createCaller } from "./root";
import { transformer } from "./trpc";

/**
 * The catalogue reads whose answer is the same for every anonymous caller, and where that answer is cached.
 *
 * A read is identified by its procedure and its input *as the procedure parses it*, so two requests that spell
 * one query differently (whitespace, key order, an omitted default) share one entry. Each slot sits under the key
 * or family the use cases already evict on every write that changes what the read shows: `product:<id>`, the
 * `products` family, `categories`.
 */
export interface CacheSlot {
  key: string;
  /** Evicted as a whole by `evictFamily(family)`. */
  family?: string;
}

type Caller = ReturnType<typeof createCaller>;

interface PublicRead<S extends z.ZodTypeAny | undefined> {
  input: S;
  slot(input: S extends z.ZodTypeAny ? z.output<S> : undefined): CacheSlot;
  call(caller: Caller, input: S extends z.ZodTypeAny ? z.output<S> : undefined): Promise<unknown>;
}

const read = <S extends z.ZodTypeAny | undefined>(r: PublicRead<S>) => r as unknown as PublicRead<z.ZodTypeAny | undefined>;

const PUBLIC_READS: Readonly<Record<string, PublicRead<z.ZodTypeAny | undefined>>> = {
  "category.list": read({ input: undefined, slot: () => ({ key: cacheKeys.categories }), call: (c) => c.category.list() }),
  "product.list": read({
    input: productListInput,
    // No input and an empty one list the same page, and so do an omitted sort and the one it stands for.
    slot: (i) => ({ family: cacheKeys.productsFamily, key: `read:product.list:${canonicalJson({ ...i, sort: effectiveSort(i?.sort, i?.search) })}` }),
    call: (c, i) => c.product.list(i),
  }),
  "product.byId": read({ input: productByIdInput, slot: (i) => ({ key: cacheKeys.product(i.id) }), call: (c, i) => c.product.byId(i) }),
};

/** One call of a request, decoded and validated by its procedure's own input schema. */
export interface PublicReadCall {
  procedure: string;
  input: unknown;
  slot: CacheSlot;
}

/** True for a procedure whose anonymous answer may be served from cached bytes. */
export function isPublicRead(procedure: string): boolean {
  return Object.hasOwn(PUBLIC_READS, procedure);
}

/**
 * Decodes one call's wire input (the JSON value tRPC's GET carries for it, undefined when there is none) the way
 * the procedure would. Undefined when the procedure is not a public read or the input does not decode or validate:
 * such a call is the normal pipeline's to answer, with its usual error.
 */
export function decodePublicRead(procedure: string, wire: unknown): PublicReadCall | undefined {
  const r = Object.hasOwn(PUBLIC_READS, procedure) ? PUBLIC_READS[procedure] : undefined;
  if (!r) return undefined;
  let value: unknown;
  try {
    value = wire === undefined ? undefined : transformer.input.deserialize(wire as Parameters<typeof transformer.input.deserialize>[0]);
  } catch {
    return undefined;
  }
  if (!r.input) return { procedure, input: undefined, slot: r.slot(undefined) };
  const parsed = r.input.safeParse(value);
  return parsed.success ? { procedure, input: parsed.data as unknown, slot: r.slot(parsed.data) } : undefined;
}

/**
 * Runs one public read through its procedure (every middleware, input and output validation) and returns the
 * body tRPC sends for a successful call: `{"result":{"data":…}}`. Any failure is thrown as the procedure threw it.
 */
export async function renderPublicRead(call: PublicReadCall, ctx: Context): Promise<string> {
  const output = await PUBLIC_READS[call.procedure]!.call(createCaller(ctx), call.input as never);
  return JSON.stringify({ result: { data: transformer.output.serialize(output) } });
}
