import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { createCaller, describeError, ERROR_MAP, type Context, type PublicError } from "@caribex/api";
import { plainMoney } from "@caribex/contracts";
import { isDomainError } from "@caribex/domain";
import type { z } from "zod";
import { sendJson } from "../http-util";
import { jsonSchemaOf } from "./json-schema";
import { matchOperation } from "./rest-operations";

/**
 * REST beside tRPC, for clients in any language: each procedure that declares `meta.openapi` is served at its
 * path (so the same guards, rate limits and errors), as plain JSON without superjson, with money as decimal
 * strings next to their currency and errors as `{ error: { code, message, details } }`.
 */

class RestError extends Error {
  constructor(
    readonly code: PublicError["code"],
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function sendRestError(res: ServerResponse, error: PublicError): void {
  sendJson(res, ERROR_MAP[error.code].http, { error });
}

function publicErrorOf(e: unknown, expose: boolean): PublicError {
  if (e instanceof RestError) return { code: e.code, message: e.message, details: e.details };
  if (isDomainError(e)) return { code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown> };
  if (e instanceof TRPCError) return describeError(e, expose);
  return describeError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: e }), expose);
}

/** Query parameters typed by the input schema: numbers and booleans where the contract wants them. */
const queryTypes = new WeakMap<z.ZodType, Record<string, { type?: string }>>();
function queryInput(url: URL, schema: z.ZodType | undefined): Record<string, unknown> {
  let props = schema ? queryTypes.get(schema) : {};
  if (!props && schema) {
    props = (jsonSchemaOf(schema, "input").properties as Record<string, { type?: string }> | undefined) ?? {};
    queryTypes.set(schema, props);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    const type = props?.[k]?.type;
    out[k] = (type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : type === "boolean" ? v === "true" : v;
  }
  return out;
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new RestError("REQUEST.TOO_LARGE", `Request body exceeds ${limit} bytes`, { limit });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RestError("VALIDATION.INVALID_INPUT", "The body is not valid JSON");
  }
}

export interface RestOptions {
  context(req: IncomingMessage, res: ServerResponse): Promise<Context>;
  maxBodyBytes: number;
  exposeErrors: boolean;
}

/** Serves `/api/v1/*`; the caller has already applied CORS, the body size limit and the origin check. */
export async function serveRest(req: IncomingMessage, res: ServerResponse, url: URL, opts: RestOptions): Promise<void> {
  const found = matchOperation(req.method ?? "GET", url.pathname);
  // No such route: 404 and 405 like any HTTP API, with the code the server uses for an unknown path.
  if (found === null) return sendJson(res, 404, { error: { code: "VALIDATION.INVALID_INPUT", message: "Not found", details: { path: url.pathname } } });
  if (found === "malformed") {
    return sendJson(res, 400, { error: { code: "VALIDATION.INVALID_INPUT", message: "A path parameter is not valid percent-encoding", details: { path: url.pathname } } });
  }
  if (found === "method") return sendJson(res, 405, { error: { code: "VALIDATION.INVALID_INPUT", message: "Method not allowed", details: { method: req.method } } });
  const { operation, params } = found;
  const schema = operation.input;
  try {
    const raw = operation.method === "GET" ? queryInput(url, schema) : ((await readJson(req, opts.maxBodyBytes)) ?? {});
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new RestError("VALIDATION.INVALID_INPUT", "The body must be a JSON object");
    const merged = { ...(raw as Record<string, unknown>), ...params };
    let input: unknown;
    if (schema) {
      const decoded = plainMoney.decode(schema, merged);
      if (!decoded.ok) throw new RestError("VALIDATION.INVALID_INPUT", "Input is invalid", { issues: decoded.issues });
      input = decoded.value;
    }
    // An optional input left empty means "no filters", as in tRPC.
    if (input && typeof input === "object" && Object.keys(input).length === 0 && schema?.safeParse(undefined).success) input = undefined;
    const caller = createCaller(await opts.context(req, res)) as unknown as Record<string, unknown>;
    const fn = operation.procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
    const output = await fn(input);
    sendJson(res, 200, plainMoney.encode(output ?? null, null, operation.output));
  } catch (e) {
    sendRestError(res, publicErrorOf(e, opts.exposeErrors));
  }
}
