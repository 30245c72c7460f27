import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import {
  SERVICE_SCOPES,
  type NonceStore,
  type RefreshTokenRecord,
  type RefreshTokenStore,
  type ServiceClientRecord,
  type ServiceClientStore,
  type ServiceScope,
  type SessionStore,
} from "@caribex/domain";
import type { Database, Db } from "../client";
import { authNonces, refreshTokens, serviceClients, sessions } from "../schema";
import { withActor } from "../uow";

export interface AuthStores {
  nonces: NonceStore;
  refreshTokens: RefreshTokenStore;
  serviceClients: ServiceClientStore;
  sessions: SessionStore;
}

const tokenColumns = {
  id: refreshTokens.id,
  userId: refreshTokens.userId,
  familyId: refreshTokens.familyId,
  tokenHash: refreshTokens.tokenHash,
  expiresAt: refreshTokens.expiresAt,
  rotatedAt: refreshTokens.rotatedAt,
  revokedAt: refreshTokens.revokedAt,
};

const clientColumns = {
  id: serviceClients.id,
  clientId: serviceClients.clientId,
  secretHash: serviceClients.secretHash,
  name: serviceClients.name,
  scopes: serviceClients.scopes,
  role: serviceClients.role,
  createdBy: serviceClients.createdBy,
  revokedAt: serviceClients.revokedAt,
};

const toClient = (r: Omit<ServiceClientRecord, "scopes"> & { scopes: string[] }): ServiceClientRecord => ({
  ...r,
  scopes: r.scopes.filter((s): s is ServiceScope => (SERVICE_SCOPES as readonly string[]).includes(s)),
});

/**
 * Identity stores. They are consulted before anyone is signed in, so each call is its own short transaction
 * as the application role with the `system` actor (the only actor the rls policies let near these tables).
 */
export function createAuthStores(database: Database): AuthStores {
  const system = <T>(fn: (db: Db) => Promise<T>) => withActor(database, { kind: "system" }, fn);

  const nonces: NonceStore = {
    async put(nonce, expiresAt) {
      await system(async (db) => {
        await db.insert(authNonces).values({ nonce, expiresAt }).onConflictDoUpdate({ target: authNonces.nonce, set: { expiresAt } });
        // Opportunistic sweep keeps the table small without a scheduler.
        await db.delete(authNonces).where(sql`${authNonces.expiresAt} < now() - interval '1 hour'`);
      });
    },
    consume: (nonce, now) =>
      system(async (db) => {
        const rows = await db
          .delete(authNonces)
          .where(and(eq(authNonces.nonce, nonce), gt(authNonces.expiresAt, now)))
          .returning({ nonce: authNonces.nonce });
        return rows.length === 1;
      }),
  };

  const tokens: RefreshTokenStore = {
    insert: (r) =>
      system(async (db) => {
        const [row] = await db.insert(refreshTokens).values(r).returning(tokenColumns);
        return row as RefreshTokenRecord;
      }),
    findByHash: (tokenHash) =>
      system(async (db) => {
        const [row] = await db.select(tokenColumns).from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
        return row ?? null;
      }),
    markRotated: (id, at) =>
      system(async (db) => {
        const rows = await db
          .update(refreshTokens)
          .set({ rotatedAt: at })
          .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
          .returning({ id: refreshTokens.id });
        return rows.length === 1;
      }),
    revokeFamily: (familyId, at) =>
      system(async (db) => {
        await db
          .update(refreshTokens)
          .set({ revokedAt: at })
          .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
      }),
    revokeAllForUser: (userId, at) =>
      system(async (db) => {
        await db
          .update(refreshTokens)
          .set({ revokedAt: at })
          .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
      }),
  };

  const live = (id: string, now: Date) => and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now));
  const sessionStore: SessionStore = {
    async create(r) {
      await system(async (db) => {
        await db.insert(sessions).values({ id: r.id, userId: r.userId, expiresAt: r.expiresAt });
        // Opportunistic sweep of this user's dead records keeps the table small without a scheduler.
        await db.delete(sessions).where(and(eq(sessions.userId, r.userId), lt(sessions.expiresAt, sql`now() - interval '1 day'`)));
      });
    },
    find: (id, now) =>
      system(async (db) => {
        const [row] = await db.select({ userId: sessions.userId }).from(sessions).where(live(id, now));
        return row ?? null;
      }),
    extend: (id, expiresAt, now) =>
      system(async (db) => {
        const rows = await db.update(sessions).set({ expiresAt }).where(live(id, now)).returning({ id: sessions.id });
        return rows.length === 1;
      }),
    revoke: (id, now) =>
      system(async (db) => {
        await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
      }),
    revokeAllForUser: (userId, now) =>
      system(async (db) => {
        await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
      }),
  };

  const clients: ServiceClientStore = {
    create: (r) =>
      system(async (db) => {
        const [row] = await db
          .insert(serviceClients)
          // Only admins create clients. The role column is historical: tokens act with the reduced `service` role,
          // limited to the procedures their scopes name (packages/auth), never as this admin.
          .values({ clientId: r.clientId, secretHash: r.secretHash, name: r.name, scopes: [...r.scopes], role: "admin", createdBy: r.createdBy })
          .returning(clientColumns);
        return toClient(row!);
      }),
    findByClientId: (clientId) =>
      system(async (db) => {
        const [row] = await db.select(clientColumns).from(serviceClients).where(eq(serviceClients.clientId, clientId));
        return row ? toClient(row) : null;
      }),
    revoke: (clientId, at) =>
      system(async (db) => {
        const rows = await db
          .update(serviceClients)
          .set({ revokedAt: sql`coalesce(${serviceClients.revokedAt}, ${at.toISOString()}::timestamptz)` })
          .where(eq(serviceClients.clientId, clientId))
          .returning({ id: serviceClients.id });
        return rows.length > 0;
      }),
  };

  return { nonces, refreshTokens: tokens, serviceClients: clients, sessions: sessionStore };
}
