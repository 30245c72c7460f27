/**
 * Storage ports for identity. packages/auth uses them; packages/db (and a Redis store for nonces)
 * implement them. None of these run under a user's row-level security: they are consulted before
 * anyone is signed in, so their adapters run as the application role with the `system` actor.
 */
import type { Role } from "./user";

export interface NonceStore {
  /** Stores a nonce that expires at expiresAt. */
  put(nonce: string, expiresAt: Date): Promise<void>;
  /** Deletes the nonce and reports whether it existed and had not expired: exactly one caller can win. */
  consume(nonce: string, now: Date): Promise<boolean>;
}

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export interface RefreshTokenStore {
  insert(r: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<RefreshTokenRecord>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Marks the token rotated only if it was neither rotated nor revoked; false means it was already used. */
  markRotated(id: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  /** Revokes every refresh token of the user, so no family of theirs can be refreshed again. */
  revokeAllForUser(userId: string, at: Date): Promise<void>;
}

/**
 * The server-side record behind each sealed session cookie. A session lives from sign-in until it expires or is
 * revoked; refreshing extends it. A revoked session stays revoked (it is never brought back by a refresh).
 * Redis implements it when configured, the database otherwise.
 */
export interface SessionStore {
  create(s: { id: string; userId: string; expiresAt: Date }): Promise<void>;
  /** The user of a live session (known, not revoked, not expired), or null. */
  find(id: string, now: Date): Promise<{ userId: string } | null>;
  /** Pushes a live session's expiry out; false (and no change) when it is unknown, revoked or expired. */
  extend(id: string, expiresAt: Date, now: Date): Promise<boolean>;
  revoke(id: string, now: Date): Promise<void>;
  revokeAllForUser(userId: string, now: Date): Promise<void>;
}

/** What the use cases may do to other people's sessions; the auth package implements it. */
export interface SessionControl {
  /** Ends every session of the user at once, on every instance, and closes their live streams. */
  endAllForUser(userId: string): Promise<void>;
  /** The user's role changed without ending their sessions: the next request must see the new role. */
  userChanged(userId: string): Promise<void>;
}

export const SERVICE_SCOPES = ["catalog:read", "orders:read", "wallet:credit", "users:read", "webhooks:manage"] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];

export interface ServiceClientRecord {
  id: string;
  clientId: string;
  secretHash: string;
  name: string;
  scopes: ServiceScope[];
  /** The role the client acts with on the procedures its scopes allow. */
  role: Role;
  /** The admin who created the client; its tokens act with that user's identity. */
  createdBy?: string | null;
  revokedAt: Date | null;
}

export interface ServiceClientStore {
  create(r: { clientId: string; secretHash: string; name: string; scopes: ServiceScope[]; createdBy: string }): Promise<ServiceClientRecord>;
  findByClientId(clientId: string): Promise<ServiceClientRecord | null>;
  /** Marks the client revoked (keeping the first revocation time); false when no such client exists. */
  revoke(clientId: string, at: Date): Promise<boolean>;
}
