import { randomUUID } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { jwtVerify, SignJWT } from "jose";
import { getAddress } from "viem";
import {
  DomainError,
  SERVICE_SCOPES,
  type ActorRole,
  type Clock,
  type NonceStore,
  type RefreshTokenStore,
  type ServiceClientStore,
  type ServiceScope,
  type SessionStore,
  type User,
} from "@caribex/domain";
import { cookieNames, serializeCookie } from "./cookies";
import { generateNonce } from "./nonce";
import { constantTimeEqual, randomToken, sha256 } from "./secrets";
import { checkSiweClaims, checkSiweSignature, parseSiwe, type ContractSignatureChecker } from "./siwe";

/** The request/response surface auth needs; the server adapts node:http to it. */
export interface HttpExchange {
  ip: string;
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  setCookie(serialized: string): void;
  setHeader(name: string, value: string): void;
}

export interface AuthConfig {
  production: boolean;
  sessionSecret: string;
  sessionTtlSeconds: number;
  refreshTtlSeconds: number;
  nonceTtlSeconds: number;
  allowedOrigins: string[];
  chainIds: number[];
  jwtSecret: string;
  jwtIssuer: string;
}

export interface AuthDeps {
  config: AuthConfig;
  clock: Clock;
  nonces: NonceStore;
  refreshTokens: RefreshTokenStore;
  serviceClients: ServiceClientStore;
  users: {
    signIn(walletAddress: string): Promise<{ user: User; created: boolean }>;
    findById(id: string): Promise<User | null>;
  };
  contractWallets?: ContractSignatureChecker;
  /** The server-side record behind every session cookie. */
  sessions: SessionStore;
  /**
   * Short-lived copies of session lookups (L1 with cross-instance eviction). Ending a session evicts the user's
   * family here, which is also how the server learns to close that user's streams.
   */
  sessionCache?: SessionCache;
  /** How long a session lookup may be answered from the cache; 0 asks the store every time. */
  sessionCacheTtlMs?: number;
}

/** The part of @caribex/cache the session check uses. */
export interface SessionCache {
  getInFamily<T>(family: string, key: string, loader: () => Promise<T>, opts?: { ttlMs?: number }): Promise<T>;
  evictFamily(...families: string[]): Promise<void>;
}

const SESSION_FAMILY_PREFIX = "sessions-of:";
/** The cache family holding every cached lookup of one user's sessions. */
export const sessionFamily = (userId: string) => `${SESSION_FAMILY_PREFIX}${userId}`;
/** The user whose sessions an evicted cache family describes, or null for any other family. */
export const userOfSessionFamily = (family: string): string | null =>
  family.startsWith(SESSION_FAMILY_PREFIX) ? family.slice(SESSION_FAMILY_PREFIX.length) : null;

interface Caller {
  id: string;
  role: ActorRole;
}

export type Identity =
  | { principal: { kind: "anonymous" }; authError: null }
  | { principal: { kind: "session"; user: Caller; sessionId: string }; authError: null }
  | { principal: { kind: "service"; user: Caller; clientId: string; scopes: ServiceScope[] }; authError: null }
  | { principal: { kind: "anonymous" }; authError: DomainError };

/**
 * What the sealed session cookie holds. The session id is the refresh-token family id: one session is one
 * sign-in and every refresh after it, and ending it revokes both.
 */
interface SessionData {
  uid: string;
  sid: string;
}

const SERVICE_TOKEN_TTL_SECONDS = 3600;
/** How long, and for how many cookies, an unsealed session is remembered. */
const UNSEALED_TTL_MS = 5_000;
const UNSEALED_MAX = 10_000;
const AUDIENCE = "caribex-api";

export function createAuth(deps: AuthDeps) {
  const { config, clock } = deps;
  const names = cookieNames(config.production);
  const jwtKey = new TextEncoder().encode(config.jwtSecret);
  const cookie = (name: string, value: string, maxAgeSeconds: number) =>
    serializeCookie(name, value, { maxAgeSeconds, secure: config.production });
  const seal = (data: object, ttl: number) => sealData(data, { password: config.sessionSecret, ttl });
  // Unsealing derives keys with PBKDF2 on every call; a browser sends the same cookie with every request, so what
  // a cookie value opened to is kept for a few seconds (never past the seal's own expiry). Revocation is checked
  // separately, against the server-side session record, so this never lets a signed-out session back in.
  const opened = new Map<string, { data: unknown; until: number }>();
  async function unseal<T>(value: string | undefined, ttl: number): Promise<T | null> {
    if (!value || value.length > 4096) return null;
    const now = clock.now().getTime();
    const key = `${ttl}:${value}`;
    const hit = opened.get(key);
    if (hit && hit.until > now) return hit.data as T | null;
    try {
      const data = await unsealData<T>(value, { password: config.sessionSecret, ttl });
      const result = data && Object.keys(data).length > 0 ? data : null;
      if (result) remember(key, result, now, value);
      return result;
    } catch {
      return null;
    }
  }
  function remember(key: string, data: unknown, now: number, value: string): void {
    // The seal's sixth field is its expiry in milliseconds (empty when it has none).
    const expiry = Number(value.split("*")[5]) || Number.POSITIVE_INFINITY;
    if (opened.size >= UNSEALED_MAX) {
      for (const [k, v] of opened) if (v.until <= now || opened.size >= UNSEALED_MAX) opened.delete(k);
    }
    opened.set(key, { data, until: Math.min(now + UNSEALED_TTL_MS, expiry) });
  }

  const cacheTtlMs = deps.sessionCacheTtlMs ?? 0;
  const sessionExpiry = (now: Date) => new Date(now.getTime() + config.refreshTtlSeconds * 1000);

  /** Sets a fresh refresh token of the session's family and a session cookie naming it. */
  async function issueCookies(http: HttpExchange, userId: string, sessionId: string): Promise<void> {
    const token = randomToken();
    const now = clock.now();
    await deps.refreshTokens.insert({
      userId,
      familyId: sessionId,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + config.refreshTtlSeconds * 1000),
    });
    const session: SessionData = { uid: userId, sid: sessionId };
    http.setCookie(cookie(names.session, await seal(session, config.sessionTtlSeconds), config.sessionTtlSeconds));
    http.setCookie(cookie(names.refresh, token, config.refreshTtlSeconds));
  }

  function clearCookies(http: HttpExchange): void {
    http.setCookie(cookie(names.session, "", 0));
    http.setCookie(cookie(names.refresh, "", 0));
  }

  async function identityOf(userId: string): Promise<Caller | null> {
    const user = await deps.users.findById(userId);
    // A suspended user's sessions were ended when they were suspended; this also covers a request in flight.
    return user && !user.suspendedAt ? { id: user.id, role: user.role } : null;
  }

  /** Who a session acts for while it is live; null once it ended. Cached briefly, evicted when it ends. */
  async function sessionCaller(userId: string, sessionId: string): Promise<Caller | null> {
    const load = async (): Promise<{ caller: Caller | null }> => {
      const record = await deps.sessions.find(sessionId, clock.now());
      return { caller: record && record.userId === userId ? await identityOf(userId) : null };
    };
    if (!deps.sessionCache || cacheTtlMs <= 0) return (await load()).caller;
    const { caller } = await deps.sessionCache.getInFamily(sessionFamily(userId), `session:${sessionId}`, load, { ttlMs: cacheTtlMs });
    return caller;
  }

  /** Every instance drops its cached lookups of the user's sessions (and closes streams that ended). */
  async function forget(userId: string): Promise<void> {
    await deps.sessionCache?.evictFamily(sessionFamily(userId));
  }

  async function endSession(userId: string, sessionId: string, now: Date): Promise<void> {
    await deps.sessions.revoke(sessionId, now);
    await deps.refreshTokens.revokeFamily(sessionId, now);
    await forget(userId);
  }

  async function endAllForUser(userId: string): Promise<void> {
    const now = clock.now();
    await deps.sessions.revokeAllForUser(userId, now);
    await deps.refreshTokens.revokeAllForUser(userId, now);
    await forget(userId);
  }


  return {
    cookieNames: names,

    /** Issues a nonce and binds it to this browser with a short-lived sealed cookie. */
    chainIds(): number[] {
      return [...config.chainIds];
    },
    async issueNonce(http: HttpExchange): Promise<{ nonce: string; expiresAt: Date; chainIds: number[] }> {
      const nonce = generateNonce();
      const expiresAt = new Date(clock.now().getTime() + config.nonceTtlSeconds * 1000);
      await deps.nonces.put(nonce, expiresAt);
      http.setCookie(cookie(names.nonce, await seal({ nonce }, config.nonceTtlSeconds), config.nonceTtlSeconds));
      return { nonce, expiresAt, chainIds: [...config.chainIds] };
    },

    async signIn(http: HttpExchange, input: { message: string; signature: string }): Promise<{ user: User }> {
      const msg = parseSiwe(input.message);
      checkSiweClaims(msg, { allowedOrigins: config.allowedOrigins, chainIds: config.chainIds }, clock.now());
      const bound = await unseal<{ nonce: string }>(http.cookie(names.nonce), config.nonceTtlSeconds);
      if (!bound || !constantTimeEqual(bound.nonce, msg.nonce)) {
        throw new DomainError("AUTH.NONCE_INVALID", "Sign-in nonce was not issued to this browser");
      }
      // Consumed before the signature check: a nonce is good for one attempt, successful or not.
      if (!(await deps.nonces.consume(msg.nonce, clock.now()))) {
        throw new DomainError("AUTH.NONCE_INVALID", "Sign-in nonce is unknown, expired or already used");
      }
      http.setCookie(cookie(names.nonce, "", 0));
      await checkSiweSignature(input.message, msg, input.signature, deps.contractWallets, clock.now());
      const { user } = await deps.users.signIn(getAddress(msg.address));
      const sessionId = randomUUID();
      await deps.sessions.create({ id: sessionId, userId: user.id, expiresAt: sessionExpiry(clock.now()) });
      await issueCookies(http, user.id, sessionId);
      return { user };
    },

    /**
     * Rotates the refresh token and extends the session. A token presented twice means it leaked: every session
     * of the user ends (the thief may have refreshed into any of them).
     */
    async refresh(http: HttpExchange): Promise<{ user: User }> {
      const invalid = () => {
        clearCookies(http);
        return new DomainError("AUTH.REFRESH_INVALID", "Session cannot be refreshed, sign in again");
      };
      const token = http.cookie(names.refresh);
      if (!token || token.length > 256) throw invalid();
      const now = clock.now();
      const record = await deps.refreshTokens.findByHash(sha256(token));
      if (!record || record.revokedAt || record.expiresAt <= now) throw invalid();
      // A token that was already rotated is being reused: someone holds a copy, so every session ends.
      if (record.rotatedAt) {
        await endAllForUser(record.userId);
        throw invalid();
      }
      // A session that was ended (or never recorded) is not brought back by its refresh token.
      if (!(await deps.sessions.extend(record.familyId, sessionExpiry(now), now))) {
        await deps.refreshTokens.revokeFamily(record.familyId, now);
        throw invalid();
      }
      const user = await deps.users.findById(record.userId);
      if (!user || user.suspendedAt) throw invalid();
      // Every check comes before the rotation, so the one caller that rotates the token always gets new cookies:
      // callers racing with the same token all reach this line with the session alive (only a rotation can end
      // it through reuse), exactly one of them rotates, and the others are treated as reuse. A new token issued
      // into a family that reuse has just ended cannot revive it: its next refresh fails the check above.
      if (!(await deps.refreshTokens.markRotated(record.id, now))) {
        await endAllForUser(record.userId);
        throw invalid();
      }
      await issueCookies(http, user.id, record.familyId);
      return { user };
    },

    /**
     * Ends the session of this browser: every copy of its cookie stops working at once, on every instance, and
     * its streams close. Works with the session cookie, the refresh cookie, or both (an expired session cookie
     * still lets the refresh token be revoked).
     */
    async signOut(http: HttpExchange): Promise<void> {
      const now = clock.now();
      const session = await unseal<SessionData>(http.cookie(names.session), config.sessionTtlSeconds);
      if (session?.uid && session.sid) await endSession(session.uid, session.sid, now);
      const token = http.cookie(names.refresh);
      if (token && token.length <= 256) {
        const record = await deps.refreshTokens.findByHash(sha256(token));
        if (record && record.familyId !== session?.sid) await endSession(record.userId, record.familyId, now);
      }
      clearCookies(http);
    },

    /** Ends every session of the caller, this one included. */
    async signOutEverywhere(http: HttpExchange, caller: Caller): Promise<void> {
      await endAllForUser(caller.id);
      clearCookies(http);
    },

    endAllForUser,

    /** The user's role changed: cached lookups are dropped so the next request sees it. */
    userChanged: forget,

    /** Whether a session is still live (used to close streams whose session ended). */
    async sessionAlive(userId: string, sessionId: string): Promise<boolean> {
      return (await sessionCaller(userId, sessionId)) !== null;
    },

    /**
     * Who is calling: a Bearer service token wins over cookies. A bad token is an error for every procedure;
     * a bad or expired session cookie is simply anonymous.
     */
    async authenticate(http: HttpExchange): Promise<Identity> {
      const authorization = http.header("authorization");
      if (authorization) {
        const bad = (): Identity => ({
          principal: { kind: "anonymous" },
          authError: new DomainError("AUTH.UNAUTHENTICATED", "Access token is invalid or expired"),
        });
        const match = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/.exec(authorization);
        if (!match?.[1]) return bad();
        try {
          const { payload } = await jwtVerify(match[1], jwtKey, {
            issuer: config.jwtIssuer,
            audience: AUDIENCE,
            algorithms: ["HS256"],
            currentDate: clock.now(),
          });
          const scopes = (Array.isArray(payload.scopes) ? payload.scopes : []).filter((s): s is ServiceScope =>
            (SERVICE_SCOPES as readonly unknown[]).includes(s),
          );
          if (!payload.sub || typeof payload.cid !== "string") return bad();
          // Checked on every use, so a revoked client's tokens stop working at once, not when they expire.
          const client = await deps.serviceClients.findByClientId(payload.cid);
          if (!client || client.revokedAt || client.createdBy !== payload.sub) return bad();
          // The reduced service role, never the creating admin's: the scopes (as the client holds them now)
          // decide which procedures answer, and everything else sees what an anonymous visitor sees.
          const allowed = scopes.filter((s) => client.scopes.includes(s));
          return { principal: { kind: "service", user: { id: payload.sub, role: "service" }, clientId: client.clientId, scopes: allowed }, authError: null };
        } catch {
          return bad();
        }
      }
      const session = await unseal<SessionData>(http.cookie(names.session), config.sessionTtlSeconds);
      if (session?.uid && session.sid) {
        let user: Caller | null;
        try {
          user = await sessionCaller(session.uid, session.sid);
        } catch {
          // The session store (Redis or the database) did not answer: neither signed in nor signed out.
          return {
            principal: { kind: "anonymous" },
            authError: new DomainError("AUTH.UPSTREAM_UNAVAILABLE", "Your session cannot be checked right now. Please try again shortly."),
          };
        }
        if (user) return { principal: { kind: "session", user, sessionId: session.sid }, authError: null };
      }
      return { principal: { kind: "anonymous" }, authError: null };
    },

    async serviceToken(input: { clientId: string; clientSecret: string }): Promise<{ accessToken: string; expiresAt: Date }> {
      const invalid = new DomainError("AUTH.SERVICE_CREDENTIALS_INVALID", "Client id or secret is wrong");
      const record = await deps.serviceClients.findByClientId(input.clientId);
      // Hash even when the client is unknown, so timing does not reveal which client ids exist.
      const presented = sha256(input.clientSecret);
      if (!record || record.revokedAt || !constantTimeEqual(presented, record.secretHash) || !record.createdBy) throw invalid;
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + SERVICE_TOKEN_TTL_SECONDS * 1000);
      const accessToken = await new SignJWT({ scopes: record.scopes, cid: record.clientId })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(record.createdBy)
        .setIssuer(config.jwtIssuer)
        .setAudience(AUDIENCE)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .setJti(randomUUID())
        .sign(jwtKey);
      return { accessToken, expiresAt };
    },

    async revokeServiceClient(caller: Caller, input: { clientId: string }): Promise<void> {
      if (caller.role !== "admin") throw new DomainError("AUTH.FORBIDDEN", "Only administrators may revoke service clients");
      if (!(await deps.serviceClients.revoke(input.clientId, clock.now()))) {
        throw new DomainError("AUTH.SERVICE_CLIENT_NOT_FOUND", "No service client has this id", { clientId: input.clientId });
      }
    },

    /** The plain secret is returned here once; only its hash is stored. */
    async createServiceClient(caller: Caller, input: { name: string; scopes: ServiceScope[] }) {
      if (caller.role !== "admin") throw new DomainError("AUTH.FORBIDDEN", "Only administrators may create service clients");
      const clientId = `svc_${randomToken(12)}`;
      const clientSecret = randomToken(32);
      const scopes = [...new Set(input.scopes)];
      await deps.serviceClients.create({ clientId, secretHash: sha256(clientSecret), name: input.name, scopes, createdBy: caller.id });
      return { clientId, clientSecret, name: input.name, scopes };
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
