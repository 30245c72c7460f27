import type { IncomingMessage, ServerResponse } from "node:http";
import type { RateDecision, RateLimiter } from "@caribex/api";
import { cacheKeys } from "@caribex/application";
import type { Cache } from "@caribex/cache";
import { productByIdInput } from "@caribex/contracts";
import superjson from "superjson";

/**
 * Anonymous catalogue reads answered from cached response bytes.
 *
 * What anyone may see of the catalogue is the same for every anonymous caller, so the serialized tRPC answer
 * itself is cached, beside the values the use cases cache and under the same keys and families: the eviction
 * a write already performs (`product:<id>`, the `products` family, `categories`) drops these bytes too, here
 * and on every other instance. Only successful answers are stored; anything else (unknown id, bad input,
 * rate limited) goes through the normal pipeline, which produces the error exactly as it always does.
 */

/** One call as the normal tRPC pipeline answered it, for an anonymous caller. */
export interface Rendered {
  status: number;
  body: string;
}

export interface PublicReadsOptions {
  cache: Cache;
  /** Runs one call through the real tRPC pipeline as an anonymous caller, with no rate limit. */
  render(procedure: string, input: string | null, requestId: string): Promise<Rendered>;
  rateLimiter?: RateLimiter;
  /** Name of the session cookie: a request carrying it may belong to a seller or an admin. */
  sessionCookie: string;
  /** Larger batches are the normal pipeline's to refuse. */
  maxBatchSize: number;
}

interface Call {
  procedure: string;
  /** The input as JSON text, or null when there is none. */
  input: string | null;
  family?: string;
  key: string;
}

/** What the fast path did: answered, or left the request to the normal pipeline with the limits it took. */
export type PublicReadOutcome = { served: true } | { served: false; decisions?: Map<string, RateDecision[]> };

const NOT_SERVED: PublicReadOutcome = { served: false };
const SERVED: PublicReadOutcome = { served: true };

// The answer the normal pipeline gives a successful query; tRPC overwrites the Vary set for CORS with this.
const VARY = "trpc-accept, accept";
const CONTENT_TYPE = "application/json";

class NotCacheable extends Error {
  constructor(readonly status: number) {
    super(`answered ${status}`);
  }
}

function keyOf(procedure: string, input: string | null, parsed: unknown): Omit<Call, "procedure" | "input"> | undefined {
  switch (procedure) {
    case "category.list":
      // It reads no input, but in a batch tRPC decodes every item once any call reads its own: one that does
      // not decode fails the others, which the normal path must show.
      return decodes(parsed) ? { key: cacheKeys.categories } : undefined;
    case "product.list":
      // Every spelling of the input gets its own entry; all of them sit in the family that writes evict.
      return { family: cacheKeys.productsFamily, key: `resp:product.list:${input ?? ""}` };
    case "product.byId": {
      const envelope = parsed as { json?: unknown; meta?: unknown } | null;
      // superjson adds no meta to a plain string id; with one, leave the decoding to tRPC.
      if (typeof envelope !== "object" || envelope === null || envelope.meta !== undefined) return undefined;
      const id = productByIdInput.safeParse(envelope.json);
      return id.success ? { key: cacheKeys.product(id.data.id) } : undefined;
    }
    default:
      return undefined;
  }
}

function decodes(envelope: unknown): boolean {
  if (typeof envelope !== "object" || envelope === null || !("meta" in envelope)) return true;
  try {
    superjson.deserialize(envelope as Parameters<typeof superjson.deserialize>[0]);
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string | null): { ok: boolean; value: unknown } {
  if (text === null) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}

const CACHEABLE = new Set(["product.list", "product.byId", "category.list"]);

/** The calls of a request the fast path may answer, or undefined when it must take the normal path. */
function plan(pathname: string, search: URLSearchParams, maxBatchSize: number): Call[] | undefined {
  const procedures = pathname.slice(6).split(",");
  if (procedures.length > maxBatchSize) return undefined;
  for (const p of procedures) if (!CACHEABLE.has(p)) return undefined;
  const raw = search.get("input");
  if (search.get("batch") !== "1") {
    if (procedures.length !== 1) return undefined;
    const procedure = procedures[0]!;
    // product.list keys on the text itself, so only the other two need it parsed.
    const parsed = procedure === "product.list" ? { ok: true, value: undefined } : parseJson(raw);
    if (!parsed.ok) return undefined;
    const k = keyOf(procedure, raw, parsed.value);
    return k ? [{ procedure, input: raw, ...k }] : undefined;
  }
  const all = parseJson(raw);
  if (!all.ok || (raw !== null && (typeof all.value !== "object" || all.value === null || Array.isArray(all.value)))) return undefined;
  const items = (all.value ?? {}) as Record<string, unknown>;
  const calls: Call[] = [];
  for (let i = 0; i < procedures.length; i++) {
    const procedure = procedures[i]!;
    const item = items[String(i)];
    const input = item === undefined ? null : JSON.stringify(item);
    const k = keyOf(procedure, input, item);
    if (!k) return undefined;
    calls.push({ procedure, input, ...k });
  }
  return calls;
}

/** True when nothing identifies the caller: no bearer token and no session cookie. */
export function isAnonymous(req: IncomingMessage, sessionCookie: string): boolean {
  if (req.headers.authorization !== undefined) return false;
  const cookie = req.headers.cookie;
  if (!cookie) return true;
  // Cheap check first; a name merely appearing inside another cookie's value just costs the normal path.
  return !cookie.includes(sessionCookie);
}

const MEMO_MAX_BYTES = 8 * 1024 * 1024;

export function createPublicReads(opts: PublicReadsOptions) {
  const { cache, render, rateLimiter, sessionCookie, maxBatchSize } = opts;

  // UTF-8 copies of recently served bodies, so a hit does not re-encode the same text on every response. An
  // entry is used only while the cache still returns that very text (compared by value, which is a pointer
  // check for the string L1 hands back), so it can never outlive an eviction.
  const encoded = new Map<string, { text: string; bytes: Buffer }>();
  let encodedBytes = 0;
  function bytesOf(key: string, text: string): Buffer {
    const memo = encoded.get(key);
    if (memo?.text === text) return memo.bytes;
    const bytes = Buffer.from(text);
    if (memo) {
      encoded.delete(key);
      encodedBytes -= memo.bytes.length;
    }
    if (bytes.length <= MEMO_MAX_BYTES / 16) {
      encoded.set(key, { text, bytes });
      encodedBytes += bytes.length;
      for (const [k, v] of encoded) {
        if (encodedBytes <= MEMO_MAX_BYTES) break;
        encoded.delete(k);
        encodedBytes -= v.bytes.length;
      }
    }
    return bytes;
  }

  async function body(call: Call, requestId: string): Promise<string> {
    const load = async () => {
      const r = await render(call.procedure, call.input, requestId);
      if (r.status !== 200) throw new NotCacheable(r.status);
      return r.body;
    };
    return call.family === undefined ? cache.getRaw(call.key, load) : cache.getRawInFamily(call.family, call.key, load);
  }

  return {
    /**
     * Answers an anonymous GET for cacheable catalogue reads from cached bytes. When it cannot, it returns the
     * rate-limit decisions it already took, so the normal pipeline reuses them instead of charging twice.
     */
    async serve(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, ip: string): Promise<PublicReadOutcome> {
      if (req.method !== "GET" || !isAnonymous(req, sessionCookie)) return NOT_SERVED;
      // Streaming batches and SSE have their own framing.
      if (req.headers["trpc-accept"] !== undefined || req.headers.accept?.includes("text/event-stream")) return NOT_SERVED;
      const calls = plan(url.pathname, url.searchParams, maxBatchSize);
      if (!calls) return NOT_SERVED;

      // The same checks the procedure guard makes: one per call, by client address.
      let decisions: Map<string, RateDecision[]> | undefined;
      if (rateLimiter) {
        const taken =
          calls.length === 1
            ? [await rateLimiter.check({ ip, userId: null, procedure: calls[0]!.procedure })]
            : await Promise.all(calls.map((c) => rateLimiter.check({ ip, userId: null, procedure: c.procedure })));
        decisions = new Map();
        for (let i = 0; i < calls.length; i++) {
          const list = decisions.get(calls[i]!.procedure) ?? [];
          list.push(taken[i]!);
          decisions.set(calls[i]!.procedure, list);
        }
        if (taken.some((d) => !d.allowed)) return { served: false, decisions };
      }

      let payload: Buffer | string;
      try {
        if (calls.length === 1 && url.searchParams.get("batch") !== "1") {
          const call = calls[0]!;
          payload = bytesOf(call.family === undefined ? call.key : `${call.family}\u0000${call.key}`, await body(call, requestId));
        } else payload = `[${(await Promise.all(calls.map((c) => body(c, requestId)))).join(",")}]`;
      } catch {
        // Not a success: the normal pipeline answers (and logs) it, and the value caches make that cheap.
        return decisions ? { served: false, decisions } : NOT_SERVED;
      }
      if (res.headersSent || res.destroyed) return SERVED;
      res.writeHead(200, { vary: VARY, "content-type": CONTENT_TYPE, "content-length": Buffer.byteLength(payload) });
      res.end(payload);
      return SERVED;
    },
  };
}

/**
 * A limiter that first hands back decisions already taken for this request (per procedure, in order), then
 * asks the real one.
 */
export function replayLimiter(taken: Map<string, RateDecision[]>, real: RateLimiter | undefined): RateLimiter {
  return {
    check(call) {
      const next = taken.get(call.procedure)?.shift();
      if (next) return Promise.resolve(next);
      return real ? real.check(call) : Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
    },
  };
}
