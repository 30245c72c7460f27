import { ERROR_MAP } from "@caribex/api";
import { CURRENCIES } from "@caribex/domain";
import { jsonSchemaOf } from "./json-schema";
import { REST_OPERATIONS, REST_PREFIX, type RestOperation } from "./rest-operations";
import { webhooksSection } from "./event-schemas";

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

/** Path parameters, query parameters (for GET) and the JSON body (otherwise), split from the one input schema. */
function requestOf(op: RestOperation): { parameters: unknown[]; requestBody?: unknown } {
  const inputSchema = op.input ? jsonSchemaOf(op.input, "input") : null;
  const props = (inputSchema?.properties ?? {}) as Record<string, unknown>;
  const required = new Set((inputSchema?.required as string[] | undefined) ?? []);
  const inPath = (name: string) => op.pathParams.includes(name);
  const parameters = [
    ...op.pathParams.map((name) => ({ name, in: "path", required: true, schema: props[name] ?? { type: "string" } })),
    ...(op.method === "GET"
      ? Object.entries(props)
          .filter(([name]) => !inPath(name))
          .map(([name, schema]) => ({ name, in: "query", required: required.has(name), schema }))
      : []),
  ];
  if (op.method === "GET" || !inputSchema || !Object.keys(props).some((k) => !inPath(k))) return { parameters };
  const bodyProps = Object.fromEntries(Object.entries(props).filter(([k]) => !inPath(k)));
  const bodyRequired = [...required].filter((k) => !inPath(k));
  return {
    parameters,
    requestBody: {
      required: bodyRequired.length > 0,
      content: { "application/json": { schema: { ...inputSchema, properties: bodyProps, required: bodyRequired } } },
    },
  };
}

/** The OpenAPI 3.1 description of `/api/v1`, built from the procedures' meta and zod contracts. */
export function openApiDocument(sessionCookie: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of REST_OPERATIONS) {
    const { parameters, requestBody } = requestOf(op);
    const operation = {
      operationId: op.procedure,
      summary: op.summary,
      tags: [op.path.split("/")[1]],
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(op.protect ? { security: [{ sessionCookie: [] }, { bearerAuth: [] }] } : {}),
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: op.output ? jsonSchemaOf(op.output, "output") : {} } } },
        default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    };
    (paths[`${REST_PREFIX}${op.path}`] ??= {})[op.method.toLowerCase()] = operation;
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
    // Signed deliveries to the endpoints registered with webhook.endpoint.create (Standard Webhooks).
    webhooks: webhooksSection(),
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: sessionCookie },
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      },
    },
  };
}
