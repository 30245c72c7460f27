import type { IncomingMessage } from "node:http";
import type { Identity } from "@caribex/auth";
import { clientAddress } from "@caribex/client/forwarded-for";
import type { Env } from "@caribex/config";
import { requestIdOf } from "../http-util";

export type { Identity };

export const ANONYMOUS: Identity = Object.freeze({ principal: { kind: "anonymous" }, authError: null });

/** True when nothing identifies the caller: no bearer token and no session cookie. */
export function isAnonymous(req: IncomingMessage, sessionCookie: string): boolean {
  if (req.headers.authorization !== undefined) return false;
  const cookie = req.headers.cookie;
  if (!cookie) return true;
  // Cheap check first; a name merely appearing inside another cookie's value just costs the normal path.
  return !cookie.includes(sessionCookie);
}

/** What the server learns about one request while answering it, for its log line, metrics and context. */
export interface RequestState {
  requestId: string;
  started: number;
  userId: string | null;
  /** Who sent the request, behind TRUST_PROXY trusted proxies: the key of the per-address rate limits. */
  clientIp: string;
  /** The unexpected error behind a 5xx, so the request's own log line carries its stack. */
  error?: unknown;
  /** The cached-read path already charged this request's rate limit: the procedures must not charge it again. */
  rateLimitTaken?: boolean;
  /** Metric labels for the path, worked out once for the log line, the metrics and the span name. */
  labels?: string[];
  /** Who is calling, when it was worked out before tRPC (live streams are admitted up front). */
  identity?: Identity;
}

export interface RequestStates {
  /** Starts tracking a request as it arrives. */
  begin(req: IncomingMessage): RequestState;
  get(req: IncomingMessage): RequestState | undefined;
  clientIpOf(req: IncomingMessage): string;
}

export function createRequestStates(config: Pick<Env, "TRUST_PROXY">): RequestStates {
  const states = new WeakMap<IncomingMessage, RequestState>();
  const clientIpOf = (req: IncomingMessage) => clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.TRUST_PROXY);
  return {
    begin(req) {
      const state: RequestState = { requestId: requestIdOf(req), started: performance.now(), userId: null, clientIp: clientIpOf(req) };
      states.set(req, state);
      return state;
    },
    get: (req) => states.get(req),
    clientIpOf,
  };
}
