import { DomainError } from "./errors";

export const ROLES = ["customer", "seller", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  walletAddress: string;
  username: string;
  role: Role;
  /** When an admin suspended the user (no sign-in, no money movements), or null. */
  suspendedAt: Date | null;
  /** Why, as the admin wrote it; null when not suspended. */
  suspensionReason: string | null;
  createdAt: Date;
}

/**
 * The role a request acts with. `service` is a service token's own reduced role: it reaches only the procedures
 * its scopes name and sees what an anonymous visitor sees everywhere else (never archived products).
 */
export type ActorRole = Role | "service";

/**
 * Who is acting in a unit of work. Use cases act as the signed-in user, money paths included (the database's
 * posting and transition functions check what a user may do); `system` is for work no user starts: seeding,
 * sign-in bookkeeping and background jobs.
 */
export type Actor =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string; role: ActorRole }
  | { kind: "system"; onBehalfOf?: string };

export const ANONYMOUS: Actor = { kind: "anonymous" };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Shape check only; EIP-55 checksumming needs keccak-256 and happens at the edge (viem's getAddress),
 * which hands the domain an already-checksummed address.
 */
export function assertWalletAddress(value: string): string {
  if (!ADDRESS.test(value)) {
    throw new DomainError("VALIDATION.INVALID_INPUT", "Wallet address must be 0x followed by 40 hex digits", { field: "walletAddress" });
  }
  return value;
}

/** A readable default username derived from the address: "user-ab12cd". */
export function defaultUsername(address: string): string {
  return `user-${address.slice(2, 8).toLowerCase()}`;
}

export const SUSPENSION_REASON_MAX = 500;

/**
 * Who an admin may suspend: never themselves and never another admin (an admin is demoted first, which keeps the
 * last-admin rule in one place). Returns why not, or null when allowed.
 */
export function suspensionRefusal(actorId: string, target: Pick<User, "id" | "role">): string | null {
  if (target.id === actorId) return "You cannot suspend yourself";
  if (target.role === "admin") return "An admin cannot be suspended; change their role first";
  return null;
}

/**
 * A role change that takes privileges away (admin → seller or customer, seller → customer). It ends the user's
 * sessions: whatever they had open must not keep acting with the old role.
 */
export function isDemotion(from: Role, to: Role): boolean {
  return ROLES.indexOf(to) < ROLES.indexOf(from);
}
