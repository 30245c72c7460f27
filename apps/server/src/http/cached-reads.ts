import type { IncomingMessage, ServerResponse } from "node:http";
import { decodePublicRead, isPublicRead, rateLimitError, renderPublicRead, type Context, type PublicReadCall, type RateLimiter } from "@caribex/api";
import type { Cache } from "@caribex/cache";
import { sendTrpcError } from "../http-util";
import { isAnonymous, type RequestState } from "./request-state";

/**
 * Anonymous catalogue reads answered from cached response bytes.
 *
 * What anyone may see of the catalogue is the same for every anonymous caller, so the body tRPC would send for a
 * successful call is cached, keyed on the procedure and its input as the procedure parses it. A request is
 * served here only when every call in it is a public read whose input decodes; then this is the only place that
 * charges its rate limit. A miss renders the call through its procedure as an anonymous caller. When a call fails
 * (unknown id, say) nothing is cached: the request goes on to the normal pipeline, told that its rate limit is
 * already charged, and that pipeline answers it exactly as it answers any request.
 */
export type CachedReadOutcome = "served" | "not-served" | "charged";

export interface CachedReadsOptions {
  cache: Cache;
  rateLimiter?: RateLimiter;
  /** The context a public read renders in: an anonymous caller with no rate limit of its own. */
  anonymousContext(requestId: string): Context;
  /** Name of the session cookie: a request carrying it may belong to a seller or an admin. */
  sessionCookie: string;
  /** Larger batches are the normal pipeline's to refuse. */
  maxBatchSize: number;
}

// What the normal pipeline sends with a successful query; tRPC overwrites the Vary set for CORS with this.
const VARY = "trpc-accept, accept";
const CONTENT_TYPE = "application/json";
const MEMO_MAX_BYTES = 8 * 1024 * 1024;
/** Decoded request addresses kept, and the longest address worth keeping. */
const DECODED_MAX_ENTRIES = 2048;
const DECODED_MAX_LENGTH = 512;

function parseJson(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The calls of a GET as tRPC's HTTP link sends them (`/trpc/a,b?batch=1&input={"0":…,"1":…}`, or one call with
 * `?input=…`), each decoded by its procedure; undefined when any call is not a public read with valid input.
 *
 * Only the envelope is read here; each call's input goes through the router's own transformer and the
 * procedure's own input schema (`decodePublicRead`). tRPC's request decoder (`getRequestInfo`) is exported only
 * from its unstable internals and wants a fetch `Request` built for every address: about 2.5 times the cost of
 * this for a two-call batch.
 */
interface DecodedRequest {
  calls: PublicReadCall[];
  /** Answered as a JSON array, one entry per call. */
  batch: boolean;
}

function decodeCalls(url: URL, maxBatchSize: number): DecodedRequest | undefined {
  const procedures = url.pathname.slice(6).split(",");
  if (procedures.length > maxBatchSize || !procedures.every(isPublicRead)) return undefined;
  const raw = parseJson(url.searchParams.get("input"));
  if (!raw.ok) return undefined;
  if (url.searchParams.get("batch") !== "1") {
    if (procedures.length !== 1) return undefined;
    const call = decodePublicRead(procedures[0]!, raw.value);
    return call && { calls: [call], batch: false };
  }
  if (raw.value !== undefined && (typeof raw.value !== "object" || raw.value === null || Array.isArray(raw.value))) return undefined;
  const items = (raw.value ?? {}) as Record<string, unknown>;
  const calls: PublicReadCall[] = [];
  for (let i = 0; i < procedures.length; i++) {
    const call = decodePublicRead(procedures[i]!, Object.hasOwn(items, String(i)) ? items[String(i)] : undefined);
    if (!call) return undefined;
    calls.push(call);
  }
  return { calls, batch: true };
}

export function createCachedReads(opts: CachedReadsOptions) {
  const { cache, rateLimiter, anonymousContext, sessionCookie, maxBatchSize } = opts;

  // UTF-8 copies of recently served bodies, so a hit does not re-encode the same text on every response. An entry
  // is used only while the cache still returns that very text (compared by value, a pointer check for the string
  // L1 hands back), so it can never outlive an eviction.
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

  // The calls of recently seen addresses: decoding is a pure function of the address, and a storefront sends the
  // same few over and over. Oldest first out.
  const decoded = new Map<string, DecodedRequest | null>();
  function decode(target: string): DecodedRequest | undefined {
    if (target.length > DECODED_MAX_LENGTH) return decodeCalls(new URL(target, "http://localhost"), maxBatchSize);
    let calls = decoded.get(target);
    if (calls === undefined) {
      calls = decodeCalls(new URL(target, "http://localhost"), maxBatchSize) ?? null;
      if (decoded.size >= DECODED_MAX_ENTRIES) decoded.delete(decoded.keys().next().value!);
      decoded.set(target, calls);
    }
    return calls ?? undefined;
  }

  function body(call: PublicReadCall, requestId: string): Promise<string> {
    const load = () => renderPublicRead(call, anonymousContext(requestId));
    const { key, family } = call.slot;
    return family === undefined ? cache.getRaw(key, load) : cache.getRawInFamily(family, key, load);
  }

  /** One decision per call, by client address, as the procedure guard takes them; the longest wait when refused. */
  async function charge(calls: PublicReadCall[], ip: string): Promise<number | undefined> {
    if (!rateLimiter) return undefined;
    const decisions = await Promise.all(calls.map((c) => rateLimiter.check({ ip, userId: null, procedure: c.procedure, rateClass: c.rateClass })));
    let refused: number | undefined;
    for (const d of decisions) if (!d.allowed) refused = Math.max(refused ?? 0, d.retryAfterSeconds);
    return refused;
  }

  return {
    /**
     * Answers an anonymous GET whose calls are all public reads. "charged" means the request still needs the
     * normal pipeline (a call failed, so nothing was cached) and its rate limit has already been taken.
     */
    async serve(req: IncomingMessage, res: ServerResponse, target: string, state: RequestState): Promise<CachedReadOutcome> {
      if (req.method !== "GET" || !isAnonymous(req, sessionCookie)) return "not-served";
      // Streaming batches and SSE have their own framing.
      if (req.headers["trpc-accept"] !== undefined || req.headers.accept?.includes("text/event-stream")) return "not-served";
      const request = decode(target);
      if (!request) return "not-served";
      const { calls } = request;
      const { requestId, clientIp: ip } = state;
      state.labels ??= calls.map((c) => c.procedure);

      const refused = await charge(calls, ip);
      if (refused !== undefined) {
        res.setHeader("retry-after", String(Math.max(1, Math.ceil(refused))));
        const e = rateLimitError(refused);
        sendTrpcError(req, res, e.code, e.message, e.details);
        return "served";
      }

      let payload: Buffer | string;
      try {
        if (!request.batch) {
          const { key, family } = calls[0]!.slot;
          payload = bytesOf(family === undefined ? key : `${family}\u0000${key}`, await body(calls[0]!, requestId));
        } else payload = `[${(await Promise.all(calls.map((c) => body(c, requestId)))).join(",")}]`;
      } catch {
        // Not a success: the normal pipeline answers (and logs) it, and the value caches make that cheap.
        return rateLimiter ? "charged" : "not-served";
      }
      if (res.headersSent || res.destroyed) return "served";
      res.writeHead(200, { vary: VARY, "content-type": CONTENT_TYPE, "content-length": Buffer.byteLength(payload) });
      res.end(payload);
      return "served";
    },
  };
}
