import { parseSetCookie } from "cookie";
import type { Services, WebhookServices } from "@caribex/application";
import type { HttpExchange } from "@caribex/auth";
import type { AdminSystemHealth } from "@caribex/contracts";
import type { ActorRole, ChainActivity, Clock, DomainError, OrderStatus, ServiceScope, User } from "@caribex/domain";
import type { RateLimiter } from "./middleware/rate-limit";

// The auth package owns the request/response surface; routers and the server see the same type.
export type { HttpExchange };

/**
 * Who is acting: a signed-in user, or a service client with the reduced `service` role (its id is the admin
 * who created it, for audit and idempotency; its rights are only what its scopes name).
 */
export interface Caller {
  id: string;
  role: ActorRole;
}

export type Principal =
  | { kind: "anonymous" }
  | { kind: "session"; user: Caller; sessionId?: string }
  | { kind: "service"; user: Caller; clientId: string; scopes: ServiceScope[] };

export interface OrderStatusEvent {
  orderId: string;
  status: OrderStatus;
  at: Date;
}

/** Live events addressed to one user, until the signal aborts. */
export interface UserFeed<E> {
  subscribe(userId: string, signal: AbortSignal): AsyncIterable<E>;
}

/** Events for orders the user bought or sells. */
export type OrderFeed = UserFeed<OrderStatusEvent>;

export type ChainActivityEvent = Omit<ChainActivity, "userId">;

/** Status changes of the user's own USDC deposits and withdrawals. */
export type ChainActivityFeed = UserFeed<ChainActivityEvent>;

/** One live stream held open for a user; release it when the stream ends. */
export interface StreamLease {
  /** Aborts when the session behind the stream ends (sign-out, revocation, demotion). */
  signal: AbortSignal;
  release(): void;
}

/** Admits live streams (SSE subscriptions): a per-user cap, and an end when their session ends. */
export interface StreamGate {
  /** A lease for one more stream, or RATE_LIMIT.EXCEEDED when the user already holds as many as allowed. */
  open(userId: string, sessionId: string | null): StreamLease;
}

export interface ApiConfig {
  /** Development shows internal error messages and stacks; never production. */
  exposeErrors: boolean;
  production: boolean;
  allowedOrigins: string[];
}

/**
 * Identity operations the auth router needs. packages/auth implements it; the api only sees this port so
 * router tests can run without cookies or a chain.
 */
export interface AuthPort {
  issueNonce(http: HttpExchange): Promise<{ nonce: string; expiresAt: Date; chainIds: number[] }>;
  /** The chain ids a SIWE message may name, without issuing a nonce (so asking never replaces one in flight). */
  chainIds(): number[];
  signIn(http: HttpExchange, input: { message: string; signature: string }): Promise<{ user: User }>;
  refresh(http: HttpExchange): Promise<{ user: User }>;
  signOut(http: HttpExchange): Promise<void>;
  signOutEverywhere(http: HttpExchange, caller: Caller): Promise<void>;
  serviceToken(input: { clientId: string; clientSecret: string }): Promise<{ accessToken: string; expiresAt: Date }>;
  createServiceClient(caller: Caller, input: { name: string; scopes: ServiceScope[] }): Promise<{
    clientId: string;
    clientSecret: string;
    name: string;
    scopes: ServiceScope[];
  }>;
  /** Revokes a service client: its tokens stop working on their next use. */
  revokeServiceClient(caller: Caller, input: { clientId: string }): Promise<void>;
}

/**
 * What the running server knows about itself (readiness of its dependencies, process and traffic figures from
 * its own metrics). The server implements it; the api only reads it, for administrators.
 */
export interface SystemPort {
  health(): Promise<AdminSystemHealth>;
}

export interface ApiDeps {
  services: Services;
  orderFeed: OrderFeed;
  chainFeed: ChainActivityFeed;
  clock: Clock;
  config: ApiConfig;
  auth?: AuthPort;
  rateLimiter?: RateLimiter;
  /** Absent where no server runs (router tests, in-process callers). */
  system?: SystemPort;
  /** Absent where no server runs: streams are then neither capped nor ended by revocation. */
  streams?: StreamGate;
  /** Webhook endpoints and their deliveries; absent where no server runs (the procedures then refuse). */
  webhooks?: WebhookServices;
  /** Wraps each procedure call in a tracing span when tracing is on. */
  trace?: <T>(name: string, attributes: Record<string, string>, fn: () => Promise<T>) => Promise<T>;
}


export interface Context {
  deps: ApiDeps;
  services: Services;
  user: Caller | null;
  principal: Principal;
  /** A presented but invalid credential (bad Bearer token): every procedure refuses it. */
  authError: DomainError | null;
  requestId: string;
  http: HttpExchange;
}

/** An exchange that records what a procedure set, for tests and in-process callers. */
export function memoryExchange(init: { ip?: string; headers?: Record<string, string>; cookies?: Record<string, string> } = {}) {
  const cookies = { ...init.cookies };
  const headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const setCookies: string[] = [];
  const responseHeaders: Record<string, string> = {};
  const exchange: HttpExchange & { setCookies: string[]; responseHeaders: Record<string, string> } = {
    ip: init.ip ?? "127.0.0.1",
    header: (name) => headers[name.toLowerCase()],
    cookie: (name) => cookies[name],
    setCookie: (c) => {
      setCookies.push(c);
      const { name, value } = parseSetCookie(c);
      if (name) cookies[name] = value ?? "";
    },
    setHeader: (n, v) => {
      responseHeaders[n.toLowerCase()] = v;
    },
    setCookies,
    responseHeaders,
  };
  return exchange;
}

/** A feed with nothing in it: its streams stay open, silent, until they are closed. */
export function emptyFeed<E>(): UserFeed<E> {
  return {
    async *subscribe(_userId, signal) {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    },
  };
}

export const emptyOrderFeed: OrderFeed = emptyFeed();

export type InnerDeps = Pick<ApiDeps, "services"> & Partial<ApiDeps>;

/**
 * A context without HTTP: router tests call `createCaller(createInnerContext(deps, { user }))`.
 * Missing dependencies get harmless defaults (system clock, an empty order feed, no rate limits).
 */
export function createInnerContext(
  deps: InnerDeps,
  opts: { user?: Caller | null; principal?: Principal; requestId?: string; http?: HttpExchange; authError?: DomainError | null } = {},
): Context {
  const full: ApiDeps = {
    orderFeed: emptyOrderFeed,
    chainFeed: emptyFeed(),
    clock: { now: () => new Date() },
    config: { exposeErrors: false, production: false, allowedOrigins: [] },
    ...deps,
  };
  const user = opts.user ?? (opts.principal && opts.principal.kind !== "anonymous" ? opts.principal.user : null);
  const principal: Principal = opts.principal ?? (user ? { kind: "session", user } : { kind: "anonymous" });
  return {
    deps: full,
    services: full.services,
    user,
    principal,
    authError: opts.authError ?? null,
    requestId: opts.requestId ?? crypto.randomUUID(),
    http: opts.http ?? memoryExchange(),
  };
}
