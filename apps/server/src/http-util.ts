import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ERROR_MAP, type PublicError } from "@caribex/api";
import type { DomainErrorCode } from "@caribex/domain";

/**
 * An error written before tRPC runs (body too large, foreign origin...). It has the shape a tRPC client
 * decodes and, beside it, the plain `{ error: { code, message, details } }` every error body carries.
 */
export function sendTrpcError(req: IncomingMessage, res: ServerResponse, code: DomainErrorCode, message: string, details: Record<string, unknown> = {}): void {
  const { trpc, http } = ERROR_MAP[code] as { trpc: TRPC_ERROR_CODE_KEY; http: number };
  const pub: PublicError = { code, message, details };
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname.replace(/^\/trpc\/?/, "");
  const envelope = (p: string) => ({
    error: {
      json: {
        message,
        code: TRPC_ERROR_CODES_BY_KEY[trpc],
        data: { code: trpc, httpStatus: http, path: p || undefined, domainCode: code, details },
        error: pub,
      },
      ...pub,
    },
  });
  const body = url.searchParams.get("batch") === "1" ? path.split(",").map(envelope) : envelope(path);
  sendJson(res, http, body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
