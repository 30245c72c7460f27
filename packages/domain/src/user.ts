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

/**
 * A readable default username derived from the address: "user-ab12cd34ef". Display names are unique, so it takes
 * ten hex digits (a clash is about one in a trillion per pair), and `long` gives the whole address for the rare clash.
 */
export function defaultUsername(address: string, long = false): string {
  return `user-${(long ? address.slice(2) : address.slice(2, 12)).toLowerCase()}`;
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

/** Display names people choose: what they may look like, checked the same way everywhere. */
export const USERNAME_BOUNDS = { min: 3, max: 30 } as const;

const USERNAME_CHARS = /^[\p{L}\p{N}][\p{L}\p{N} ._'-]*$/u;
/** Names a person could use to pass for the marketplace, or for someone else's generated name. */
const RESERVED_USERNAME = /^(admin|administrator|caribex|support|system|moderator|staff|escrow|treasury)$|^user-[0-9a-f]+$/i;

/**
 * A display name as it is stored: trimmed, inner runs of spaces made one. 3 to 30 characters, letters and digits
 * of any script with spaces and . _ ' -, starting with a letter or digit; not a name reserved for the marketplace.
 */
export function normalizeUsername(text: string): string {
  const name = (typeof text === "string" ? text : "").trim().replace(/\s+/g, " ").normalize("NFC");
  const field = { field: "username" };
  if ([...name].length < USERNAME_BOUNDS.min || [...name].length > USERNAME_BOUNDS.max) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `A display name is ${USERNAME_BOUNDS.min} to ${USERNAME_BOUNDS.max} characters`, field);
  }
  if (!USERNAME_CHARS.test(name)) {
    throw new DomainError("VALIDATION.INVALID_INPUT", "A display name starts with a letter or digit and uses only letters, digits, spaces and . _ ' -", field);
  }
  if (RESERVED_USERNAME.test(name)) throw new DomainError("VALIDATION.INVALID_INPUT", "That name is reserved; choose another", field);
  return name;
}
