import { randomUUID } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { jwtVerify, SignJWT } from "jose";
import { getAddress } from "viem";
import {
  DomainError,
  SERVICE_SCOPES,
  type Clock,
  type NonceStore,
  type RefreshTokenStore,
  type Role,
  type ServiceClientStore,
  type ServiceScope,
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
}

interface Caller {
  id: string;
  role: Role;
}

export type Identity =
  | { principal: { kind: "anonymous" }; authError: null }
  | { principal: { kind: "session"; user: Caller }; authError: null }
  | { principal: { kind: "service"; user: Caller; clientId: string; scopes: ServiceScope[] }; authError: null }
  | { principal: { kind: "anonymous" }; authError: DomainError };

interface SessionData {
  uid: string;
  fam: string;
}

const SERVICE_TOKEN_TTL_SECONDS = 3600;
const AUDIENCE = "caribex-api";

export function createAuth(deps: AuthDeps) {
  const { config, clock } = deps;
  const names = cookieNames(config.production);
  const jwtKey = new TextEncoder().encode(config.jwtSecret);
  const cookie = (name: string, value: string, maxAgeSeconds: number) =>
    serializeCookie(name, value, { maxAgeSeconds, secure: config.production });
  const seal = (data: object, ttl: number) => sealData(data, { password: config.sessionSecret, ttl });
  async function unseal<T>(value: string | undefined, ttl: number): Promise<T | null> {
    if (!value || value.length > 4096) return null;
    try {
      const data = await unsealData<T>(value, { password: config.sessionSecret, ttl });
      return data && Object.keys(data).length > 0 ? data : null;
    } catch {
      return null;
    }
  }

  async function startSession(http: HttpExchange, userId: string, familyId: string): Promise<void> {
    const token = randomToken();
    const now = clock.now();
    await deps.refreshTokens.insert({
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + config.refreshTtlSeconds * 1000),
    });
    const session: SessionData = { uid: userId, fam: familyId };
    http.setCookie(cookie(names.session, await seal(session, config.sessionTtlSeconds), config.sessionTtlSeconds));
    http.setCookie(cookie(names.refresh, token, config.refreshTtlSeconds));
  }

  function clearCookies(http: HttpExchange): void {
    http.setCookie(cookie(names.session, "", 0));
    http.setCookie(cookie(names.refresh, "", 0));
  }

  async function identityOf(userId: string): Promise<Caller | null> {
    const user = await deps.users.findById(userId);
    return user ? { id: user.id, role: user.role } : null;
  }


  return {
    cookieNames: names,

    /** Issues a nonce and binds it to this browser with a short-lived sealed cookie. */
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
      await checkSiweSignature(input.message, msg, input.signature, deps.contractWallets);
      const { user } = await deps.users.signIn(getAddress(msg.address));
      await startSession(http, user.id, randomUUID());
      return { user };
    },

    /** Rotates the refresh token. A token presented twice means it leaked: the whole family is revoked. */
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
      if (record.rotatedAt || !(await deps.refreshTokens.markRotated(record.id, now))) {
        await deps.refreshTokens.revokeFamily(record.familyId, now);
        throw invalid();
      }
      const user = await deps.users.findById(record.userId);
      if (!user) throw invalid();
      await startSession(http, user.id, record.familyId);
      return { user };
    },

    async signOut(http: HttpExchange): Promise<void> {
      const now = clock.now();
      const session = await unseal<SessionData>(http.cookie(names.session), config.sessionTtlSeconds);
      if (session) await deps.refreshTokens.revokeFamily(session.fam, now);
      const token = http.cookie(names.refresh);
      if (token && token.length <= 256) {
        const record = await deps.refreshTokens.findByHash(sha256(token));
        if (record && record.familyId !== session?.fam) await deps.refreshTokens.revokeFamily(record.familyId, now);
      }
      clearCookies(http);
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
          const user = payload.sub ? await identityOf(payload.sub) : null;
          if (!user || typeof payload.cid !== "string") return bad();
          return { principal: { kind: "service", user, clientId: payload.cid, scopes }, authError: null };
        } catch {
          return bad();
        }
      }
      const session = await unseal<SessionData>(http.cookie(names.session), config.sessionTtlSeconds);
      if (session?.uid) {
        const user = await identityOf(session.uid);
        if (user) return { principal: { kind: "session", user }, authError: null };
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
