import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDeps, Context, HttpExchange } from "@caribex/api";
import type { Services } from "@caribex/application";
import { parseCookieHeader } from "@caribex/auth";
import type { Composition } from "../composition/compose";
import { ANONYMOUS, isAnonymous, type Identity, type RequestStates } from "./request-state";

export interface RequestContexts {
  /** The request and response as the auth package reads and writes them (cookies, headers, address). */
  exchange(req: IncomingMessage, res: ServerResponse): HttpExchange;
  /** Who is calling; without a token or a session cookie there is nothing to verify or look up. */
  identify(req: IncomingMessage, res: ServerResponse): Promise<Identity>;
  /** The caller of one request (session cookie or Bearer token), for tRPC and REST alike. */
  context(req: IncomingMessage, res: ServerResponse): Promise<Context>;
}

export function createRequestContexts(opts: { deps: ApiDeps; services: Services; auth: Composition["auth"]; states: RequestStates; sessionCookie: string }): RequestContexts {
  const { deps, services, auth, states, sessionCookie } = opts;
  const alreadyCharged: ApiDeps = { ...deps, rateLimiter: undefined };

  function exchange(req: IncomingMessage, res: ServerResponse): HttpExchange {
    let cookies: Record<string, string | undefined> | undefined;
    return {
      ip: states.get(req)?.clientIp ?? states.clientIpOf(req),
      header: (name) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      cookie: (name) => (cookies ??= parseCookieHeader(req.headers.cookie))[name],
      setCookie: (c) => {
        const prev = res.getHeader("set-cookie");
        res.setHeader("set-cookie", [...(Array.isArray(prev) ? prev : prev ? [String(prev)] : []), c]);
      },
      setHeader: (n, v) => {
        if (!res.headersSent) res.setHeader(n, v);
      },
    };
  }

  function identify(req: IncomingMessage, res: ServerResponse): Promise<Identity> {
    return isAnonymous(req, sessionCookie) ? Promise.resolve(ANONYMOUS) : auth.authenticate(exchange(req, res));
  }

  async function context(req: IncomingMessage, res: ServerResponse): Promise<Context> {
    const state = states.get(req);
    const http = exchange(req, res);
    const identity = state?.identity ?? (isAnonymous(req, sessionCookie) ? ANONYMOUS : await auth.authenticate(http));
    const user = identity.principal.kind === "anonymous" ? null : identity.principal.user;
    if (state) state.userId = user?.id ?? null;
    return {
      deps: state?.rateLimitTaken ? alreadyCharged : deps,
      services,
      user,
      principal: identity.principal,
      authError: identity.authError,
      requestId: state?.requestId ?? crypto.randomUUID(),
      http,
    };
  }

  return { exchange, identify, context };
}
