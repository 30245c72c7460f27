import type { IncomingMessage, ServerResponse } from "node:http";
import type { Env } from "@caribex/config";
import type { DomainErrorCode } from "@caribex/domain";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** One API surface as the guards see it: what its preflight allows, and how it words a refusal. */
export interface GuardedSurface {
  methods: string;
  headers: string;
  reject(req: IncomingMessage, res: ServerResponse, code: DomainErrorCode, message: string, details?: Record<string, unknown>): void;
}

export interface Guards {
  /** CORS headers for an allowed origin; every answer varies on Origin. */
  applyCors(req: IncomingMessage, res: ServerResponse): void;
  /** A cross-site form or fetch carrying our cookies must not be able to trigger a mutation. */
  originAllowed(req: IncomingMessage): boolean;
  /**
   * CORS, preflight, the body limit and the origin check, in that order. True when the request may go on;
   * false when a guard already answered it.
   */
  admit(req: IncomingMessage, res: ServerResponse, surface: GuardedSurface): boolean;
}

export function createGuards(config: Pick<Env, "ALLOWED_ORIGINS" | "MAX_BODY_BYTES">): Guards {
  const allowedOrigins = new Set(config.ALLOWED_ORIGINS.map((o) => new URL(o).origin));

  function applyCors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (origin && allowedOrigins.has(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
    }
    res.setHeader("vary", "Origin");
  }

  function originAllowed(req: IncomingMessage): boolean {
    if (!MUTATING.has(req.method ?? "GET")) return true;
    const origin = req.headers.origin;
    if (origin) return allowedOrigins.has(origin);
    if (req.headers["x-caribex-csrf"] === "1") return true;
    // No cookies means nothing ambient to abuse (service tokens travel in a header a form cannot set).
    return !req.headers.cookie;
  }

  function admit(req: IncomingMessage, res: ServerResponse, surface: GuardedSurface): boolean {
    applyCors(req, res);
    if (req.method === "OPTIONS") {
      if (req.headers.origin && allowedOrigins.has(req.headers.origin)) {
        res.writeHead(204, { "access-control-allow-methods": surface.methods, "access-control-allow-headers": surface.headers, "access-control-max-age": "600" });
      } else res.writeHead(403);
      res.end();
      return false;
    }
    if (Number(req.headers["content-length"] ?? 0) > config.MAX_BODY_BYTES) {
      res.setHeader("connection", "close");
      surface.reject(req, res, "REQUEST.TOO_LARGE", `Request body exceeds ${config.MAX_BODY_BYTES} bytes`, { limit: config.MAX_BODY_BYTES });
      return false;
    }
    if (!originAllowed(req)) {
      surface.reject(req, res, "AUTH.ORIGIN_REJECTED", "Cross-site request refused: Origin is not allowed", {});
      return false;
    }
    return true;
  }

  return { applyCors, originAllowed, admit };
}
