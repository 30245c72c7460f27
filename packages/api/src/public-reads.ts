import type { z } from "zod";
import type { Context } from "./context";
import { proceduresOf, type CacheSlot, type PublicReadMeta, type RateClass } from "./procedure-meta";
import { appRouter, createCaller } from "./root";
import { transformer } from "./trpc";

export type { CacheSlot } from "./procedure-meta";

/**
 * The catalogue reads whose answer is the same for every anonymous caller, and where that answer is cached: the
 * procedures that declare `publicRead` in their meta.
 *
 * A read is identified by its procedure and its input *as the procedure parses it*, so two requests that spell
 * one query differently (whitespace, key order, an omitted default) share one entry. Each procedure puts its slot
 * under the key or family the use cases already evict on every write that changes what the read shows:
 * `product:<id>`, the `products` family, `categories`.
 */
interface PublicRead {
  input: z.ZodType | undefined;
  cache: PublicReadMeta;
  rateClass: RateClass;
}

const PUBLIC_READS: ReadonlyMap<string, PublicRead> = new Map(
  proceduresOf(appRouter).flatMap((p) =>
    p.type === "query" && p.meta.publicRead ? [[p.path, { input: p.input, cache: p.meta.publicRead, rateClass: p.meta.rateLimit ?? "standard" }] as const] : [],
  ),
);

/** One call of a request, decoded and validated by its procedure's own input schema. */
export interface PublicReadCall {
  procedure: string;
  input: unknown;
  slot: CacheSlot;
  /** The rate-limit class the procedure declares. */
  rateClass: RateClass;
}

/** True for a procedure whose anonymous answer may be served from cached bytes. */
export function isPublicRead(procedure: string): boolean {
  return PUBLIC_READS.has(procedure);
}

/**
 * Decodes one call's wire input (the JSON value tRPC's GET carries for it, undefined when there is none) the way
 * the procedure would: the router's transformer, then its input schema. Undefined when the procedure is not a
 * public read or the input does not decode or validate: such a call is the normal pipeline's to answer, with its
 * usual error.
 */
export function decodePublicRead(procedure: string, wire: unknown): PublicReadCall | undefined {
  const r = PUBLIC_READS.get(procedure);
  if (!r) return undefined;
  let value: unknown;
  try {
    value = wire === undefined ? undefined : transformer.input.deserialize(wire as Parameters<typeof transformer.input.deserialize>[0]);
  } catch {
    return undefined;
  }
  const { rateClass } = r;
  // A procedure without input ignores what it is sent, as it does over tRPC.
  if (!r.input) return { procedure, input: undefined, slot: r.cache.slot(undefined), rateClass };
  const parsed = r.input.safeParse(value);
  return parsed.success ? { procedure, input: parsed.data, slot: r.cache.slot(parsed.data), rateClass } : undefined;
}

/**
 * Runs one public read through its procedure (every middleware, input and output validation) and returns the
 * body tRPC sends for a successful call: `{"result":{"data":…}}`. Any failure is thrown as the procedure threw it.
 */
export async function renderPublicRead(call: PublicReadCall, ctx: Context): Promise<string> {
  const caller = createCaller(ctx) as unknown as Record<string, unknown>;
  const run = call.procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  const output = await run(call.input);
  return JSON.stringify({ result: { data: transformer.output.serialize(output) } });
}
