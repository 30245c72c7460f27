import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { appRouter, createCaller, describeError, ERROR_MAP, type Context, type PublicError } from "@caribex/api";
import { CURRENCIES, formatAmount, isCurrency, isDomainError, parseAmount } from "@caribex/domain";
import { sendJson } from "./http-util";

/**
 * REST beside tRPC, for clients in any language: the same procedures (so the same guards, rate limits and
 * errors), plain JSON without superjson, money as decimal strings next to their currency, errors as
 * `{ error: { code, message, details } }`. The OpenAPI 3.1 document is generated from the same zod contracts.
 */

interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** With `{name}` path parameters, e.g. "/orders/{id}/cancel". */
  path: string;
  procedure: string;
  summary: string;
  auth: boolean;
}

export const REST_PREFIX = "/api/v1";

const ROUTES: Route[] = [
  { method: "GET", path: "/auth/nonce", procedure: "auth.nonce", summary: "A sign-in nonce and the chain ids a SIWE message may name", auth: false },
  { method: "POST", path: "/auth/sign-in", procedure: "auth.signIn", summary: "Trade a signed EIP-4361 message for a session cookie", auth: false },
  { method: "GET", path: "/auth/me", procedure: "auth.me", summary: "The signed-in user, or null", auth: false },
  { method: "POST", path: "/auth/sign-out", procedure: "auth.signOut", summary: "End this session", auth: true },
  { method: "GET", path: "/categories", procedure: "category.list", summary: "All categories", auth: false },
  { method: "GET", path: "/products", procedure: "product.list", summary: "Active products, a page at a time", auth: false },
  { method: "GET", path: "/products/{id}", procedure: "product.byId", summary: "One product", auth: false },
  { method: "GET", path: "/cart", procedure: "cart.get", summary: "The caller's cart", auth: true },
  { method: "PUT", path: "/cart/items/{productId}", procedure: "cart.setItem", summary: "Set a product's quantity in the cart (0 removes it)", auth: true },
  { method: "DELETE", path: "/cart/items/{productId}", procedure: "cart.removeItem", summary: "Remove a product from the cart", auth: true },
  { method: "DELETE", path: "/cart", procedure: "cart.clear", summary: "Empty the cart", auth: true },
  { method: "POST", path: "/checkout", procedure: "checkout.place", summary: "Pay for the cart: one order per seller (idempotent per key)", auth: true },
  { method: "GET", path: "/orders", procedure: "order.list", summary: "The caller's orders", auth: true },
  { method: "GET", path: "/orders/{id}", procedure: "order.byId", summary: "One order", auth: true },
  { method: "POST", path: "/orders/{id}/cancel", procedure: "order.cancel", summary: "Cancel a paid order (refund, restock)", auth: true },
  { method: "POST", path: "/orders/{id}/confirm-delivery", procedure: "order.confirmDelivery", summary: "Confirm a shipped order arrived", auth: true },
  { method: "GET", path: "/wallet/balances", procedure: "wallet.balances", summary: "The caller's balances", auth: true },
  { method: "GET", path: "/wallet/history", procedure: "wallet.history", summary: "The caller's transactions", auth: true },
  { method: "POST", path: "/wallet/send", procedure: "wallet.send", summary: "Send money to another wallet (idempotent per key)", auth: true },
];

/** Keys that hold money; as inputs they are decimal strings in the currency beside them. */
const MONEY_KEYS = new Set(["amount", "price", "unitPrice", "total", "balance", "lineTotal"]);

interface Parsers {
  input: z.ZodType | undefined;
  output: z.ZodType | undefined;
}

function parsersOf(procedure: string): Parsers {
  const record = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[]; output?: unknown } }>;
  const def = record[procedure]?._def;
  if (!def) throw new Error(`REST route for unknown procedure ${procedure}`);
  const input = def.inputs.find((p) => p instanceof z.ZodType) as z.ZodType | undefined;
  return { input, output: def.output instanceof z.ZodType ? def.output : undefined };
}

// ---------------------------------------------------------------- money on the wire

/** Outputs: every bigint becomes a decimal string in the nearest currency ("12.50" for 1250n JMD). */
export function moneyOut(value: unknown, currency: string | null = null): unknown {
  if (typeof value === "bigint") return currency && isCurrency(currency) ? formatAmount(value, currency) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => moneyOut(v, currency));
  if (value && typeof value === "object") {
    const own = (value as { currency?: unknown }).currency;
    const cur = typeof own === "string" ? own : currency;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moneyOut(v, cur)]));
  }
  return value;
}

/** Inputs: a money field given as a decimal string is read in the currency beside it (or above it). */
export function moneyIn(value: unknown, currency: string | null = null): unknown {
  if (Array.isArray(value)) return value.map((v) => moneyIn(v, currency));
  if (!value || typeof value !== "object") return value;
  const own = (value as { currency?: unknown }).currency;
  const cur = typeof own === "string" ? own : currency;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (MONEY_KEYS.has(k) && typeof v === "string" && cur && isCurrency(cur)) return [k, parseAmount(v, cur)];
      return [k, moneyIn(v, cur)];
    }),
  );
}

// ---------------------------------------------------------------- requests

interface Match {
  route: Route;
  params: Record<string, string>;
}

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${REST_PREFIX}${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    })}$`,
  );
  return { route, pattern, names };
});

function match(method: string, pathname: string): Match | "method" | null {
  let pathOnly = false;
  for (const c of compiled) {
    const m = c.pattern.exec(pathname);
    if (!m) continue;
    if (c.route.method !== method) {
      pathOnly = true;
      continue;
    }
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    return { route: c.route, params };
  }
  return pathOnly ? "method" : null;
}

/** Query parameters typed by the input schema: numbers and booleans where the contract wants them. */
function queryInput(url: URL, schema: z.ZodType | undefined): Record<string, unknown> {
  const props = schema ? (jsonSchemaOf(schema, "input").properties as Record<string, { type?: string }> | undefined) ?? {} : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    const type = props[k]?.type;
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

export interface RestOptions {
  context(req: IncomingMessage, res: ServerResponse): Promise<Context>;
  maxBodyBytes: number;
  exposeErrors: boolean;
}

/** Serves `/api/v1/*`; the caller has already applied CORS, the body size limit and the origin check. */
export async function serveRest(req: IncomingMessage, res: ServerResponse, url: URL, opts: RestOptions): Promise<void> {
  const found = match(req.method ?? "GET", url.pathname);
  // No such route: 404 and 405 like any HTTP API, with the code the server uses for an unknown path.
  if (found === null) return sendJson(res, 404, { error: { code: "VALIDATION.INVALID_INPUT", message: "Not found", details: { path: url.pathname } } });
  if (found === "method") return sendJson(res, 405, { error: { code: "VALIDATION.INVALID_INPUT", message: "Method not allowed", details: { method: req.method } } });
  const { route, params } = found;
  try {
    const { input: schema } = parsersOf(route.procedure);
    const raw = route.method === "GET" ? queryInput(url, schema) : ((await readJson(req, opts.maxBodyBytes)) ?? {});
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new RestError("VALIDATION.INVALID_INPUT", "The body must be a JSON object");
    const merged = { ...(raw as Record<string, unknown>), ...params };
    let input: unknown;
    try {
      input = schema ? moneyIn(merged) : undefined;
    } catch (e) {
      if (isDomainError(e)) throw new RestError("VALIDATION.INVALID_INPUT", "Input is invalid", { issues: [{ path: "amount", message: e.message }] });
      throw e;
    }
    // An optional input left empty means "no filters", as in tRPC.
    if (input && typeof input === "object" && Object.keys(input).length === 0 && schema?.safeParse(undefined).success) input = undefined;
    const caller = createCaller(await opts.context(req, res)) as unknown as Record<string, unknown>;
    const fn = route.procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
    const output = await fn(input);
    sendJson(res, 200, moneyOut(output ?? null));
  } catch (e) {
    sendRestError(res, publicErrorOf(e, opts.exposeErrors));
  }
}

// ---------------------------------------------------------------- OpenAPI

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const type = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
      if (type === "bigint") {
        Object.assign(ctx.jsonSchema, {
          type: "string",
          pattern: "^\\d{1,16}(\\.\\d+)?$",
          description: "Money: a decimal string in the currency beside it (at most its number of decimals), e.g. \"12.50\"",
        });
      }
      if (type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as Record<string, unknown>;
}

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "details"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_MAP), description: "Stable error code" },
        message: { type: "string" },
        details: { type: "object", additionalProperties: true },
      },
    },
  },
};

/** The OpenAPI 3.1 description of `/api/v1`, built once from the procedures' zod contracts. */
export function openApiDocument(sessionCookie: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const { input, output } = parsersOf(route.procedure);
    const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const inputSchema = input ? jsonSchemaOf(input, "input") : null;
    const props = (inputSchema?.properties ?? {}) as Record<string, unknown>;
    const required = new Set((inputSchema?.required as string[] | undefined) ?? []);
    const parameters = [
      ...pathNames.map((name) => ({ name, in: "path", required: true, schema: props[name] ?? { type: "string" } })),
      ...(route.method === "GET"
        ? Object.entries(props)
            .filter(([name]) => !pathNames.includes(name))
            .map(([name, schema]) => ({ name, in: "query", required: required.has(name), schema }))
        : []),
    ];
    let requestBody: unknown;
    if (route.method !== "GET" && inputSchema && Object.keys(props).some((k) => !pathNames.includes(k))) {
      const bodyProps = Object.fromEntries(Object.entries(props).filter(([k]) => !pathNames.includes(k)));
      const bodyRequired = [...required].filter((k) => !pathNames.includes(k));
      requestBody = {
        required: bodyRequired.length > 0,
        content: { "application/json": { schema: { ...inputSchema, properties: bodyProps, required: bodyRequired } } },
      };
    }
    const operation = {
      operationId: route.procedure,
      summary: route.summary,
      tags: [route.path.split("/")[1]],
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(route.auth ? { security: [{ sessionCookie: [] }, { bearerAuth: [] }] } : {}),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: output ? jsonSchemaOf(output, "output") : {} } } },
        default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    };
    (paths[`${REST_PREFIX}${route.path}`] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "CaribEX API",
      version: "1.0.0",
      description: `REST over the same procedures as tRPC at /trpc. Money travels as decimal strings beside its currency (${CURRENCIES.join(", ")}); errors as { error: { code, message, details } }. Sign in with GET ${REST_PREFIX}/auth/nonce and POST ${REST_PREFIX}/auth/sign-in (EIP-4361), then send the session cookie; services send a Bearer token. Mutations carrying cookies need an allowed Origin or the header x-caribex-csrf: 1.`,
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: sessionCookie },
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      },
    },
  };
}

// ---------------------------------------------------------------- reference page

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable page for people: every operation with its parameters, body and answer, from the same document. */
export function referencePage(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; description: string };
  const paths = doc.paths as Record<string, Record<string, { operationId: string; summary: string; security?: unknown; parameters?: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  const sections = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => `<code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ", required" : ""})`).join(", ");
      const body = op.requestBody?.content["application/json"]?.schema;
      const answer = op.responses["200"]?.content?.["application/json"]?.schema;
      return `<section id="${escapeHtml(op.operationId)}">
<h2><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary)}${op.security ? " <em>(signed in: session cookie or Bearer token)</em>" : ""}. tRPC: <code>${escapeHtml(op.operationId)}</code></p>
${params ? `<p>Parameters: ${params}</p>` : ""}
${body ? `<details><summary>Body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ""}
${answer ? `<details><summary>Answer</summary><pre>${escapeHtml(JSON.stringify(answer, null, 2))}</pre></details>` : ""}
</section>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2a24}code,pre{font-family:ui-monospace,monospace}pre{background:#f4f6f5;padding:.75rem;overflow:auto}section{border-top:1px solid #d6ddd9;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-size:.8em;color:#0b6e4f}h2{font-size:1.1rem}</style>
</head><body>
<h1>${escapeHtml(info.title)}</h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors: <code>{ "error": { "code", "message", "details" } }</code>.</p>
${sections.join("\n")}
</body></html>`;
}
