import type { IncomingMessage, ServerResponse } from "node:http";
import type { ImageUploads } from "@caribex/application";
import { ERROR_MAP, rateLimitError, type RateDecision } from "@caribex/api";
import type { Identity } from "@caribex/auth";
import { IMAGE_KEY, isDomainError, type DomainErrorCode, type ImageStore } from "@caribex/domain";
import { sendJson } from "../http-util";

export interface ImageRoutesDeps {
  uploads: ImageUploads;
  store: ImageStore;
  /** Who sent the request (session cookie or Bearer token). */
  identify(req: IncomingMessage, res: ServerResponse): Promise<Identity>;
  /** The same Origin check tRPC mutations get: a cross-site form must not upload with a seller's cookie. */
  originAllowed(req: IncomingMessage): boolean;
  /** The uploader's rate-limit decision (address, user and the upload budget); allowed when there is no limiter. */
  rateLimit(req: IncomingMessage, res: ServerResponse, userId: string): Promise<RateDecision>;
  onError(e: unknown): void;
}

/** Content-addressed: a picture's address never names other bytes, so browsers and CDNs may keep it for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";

function sendError(res: ServerResponse, code: DomainErrorCode, message: string, details: Record<string, unknown> = {}): void {
  sendJson(res, ERROR_MAP[code].http, { error: { code, message, details } });
}

/** Reads the body, stopping as soon as it passes `limit` bytes (a lying or absent Content-Length does not help). */
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /images`: a seller uploads one picture as the raw request body (any Content-Type; the bytes decide), and
 * gets `{ url, thumbnailUrl, width, height }` back (201). `GET /images/<key>`: the stored WebP picture.
 */
export function createImageRoutes(deps: ImageRoutesDeps) {
  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!deps.originAllowed(req)) return sendError(res, "AUTH.ORIGIN_REJECTED", "Cross-site request refused: Origin is not allowed");
    const identity = await deps.identify(req, res);
    if (identity.authError) return sendError(res, identity.authError.code, identity.authError.message);
    if (identity.principal.kind !== "session") return sendError(res, "AUTH.UNAUTHENTICATED", "Sign in as a seller to upload pictures");
    // Before the body is read: a refused uploader costs no bandwidth or decoding.
    const decision = await deps.rateLimit(req, res, identity.principal.user.id);
    if (!decision.allowed) {
      const e = rateLimitError(decision.retryAfterSeconds);
      res.setHeader("retry-after", String(Math.max(1, Math.ceil(decision.retryAfterSeconds))));
      res.setHeader("connection", "close");
      return sendError(res, e.code, e.message, e.details);
    }
    const limit = deps.uploads.maxBytes;
    const tooLarge = () => {
      res.setHeader("connection", "close");
      sendError(res, "REQUEST.TOO_LARGE", `Pictures may be at most ${Math.floor(limit / 1024)} KiB`, { limit });
    };
    if (Number(req.headers["content-length"] ?? 0) > limit) return tooLarge();
    const body = await readBody(req, limit);
    if (!body) return tooLarge();
    try {
      const image = await deps.uploads.upload(identity.principal.user, body);
      sendJson(res, 201, image);
    } catch (e) {
      if (isDomainError(e)) return sendError(res, e.code, e.message, e.details);
      deps.onError(e);
      sendError(res, "INTERNAL", "The picture could not be stored. Please try again.");
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    const image = IMAGE_KEY.test(key) ? await deps.store.get(key) : null;
    if (!image) {
      return sendJson(res, 404, { error: { code: "VALIDATION.INVALID_INPUT", message: "No such picture", details: {} } }, { "cache-control": "no-store" });
    }
    const etag = `"${key.replace(/\.webp$/, "")}"`;
    const headers = {
      "content-type": image.contentType,
      "cache-control": IMMUTABLE,
      etag,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, { ...headers, "content-length": image.bytes.length });
    res.end(req.method === "HEAD" ? undefined : image.bytes);
  }

  return {
    /** Handles the request when it is for /images; false when it is not. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (url.pathname === "/images") {
        if (req.method !== "POST") {
          res.setHeader("allow", "POST");
          sendJson(res, 405, { error: { code: "VALIDATION.INVALID_INPUT", message: "Upload with POST", details: {} } });
        } else await upload(req, res);
        return true;
      }
      if (url.pathname.startsWith("/images/")) {
        if (req.method !== "GET" && req.method !== "HEAD") {
          res.setHeader("allow", "GET, HEAD");
          sendJson(res, 405, { error: { code: "VALIDATION.INVALID_INPUT", message: "Pictures are read with GET", details: {} } });
        } else await serve(req, res, url.pathname.slice("/images/".length));
        return true;
      }
      return false;
    },
  };
}
