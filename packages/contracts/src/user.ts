import { z } from "zod";
import { SUSPENSION_REASON_MAX } from "@caribex/domain";
import { BOUNDS, idSchema, pagedQuery, pageOf, roleSchema, text } from "./shared";

export const userSchema = z.object({
  id: z.string(),
  walletAddress: z.string(),
  username: z.string(),
  role: roleSchema,
  createdAt: z.date(),
});
export const userPageSchema = pageOf(userSchema);

export const authNonceOutput = z.object({
  nonce: z.string(),
  expiresAt: z.date(),
  /** The chain ids a SIWE message may name; clients sign for one of these instead of assuming a default. */
  chainIds: z.array(z.number().int()),
});
/** The chain ids a SIWE message may name, for a wallet panel deciding whether to ask for a switch. */
export const authChainsOutput = z.object({ chainIds: z.array(z.number().int()) });
export const authSignInInput = z.object({
  message: z.string().min(1).max(4096),
  // Up to 8 KiB: a contract wallet's EIP-6492 signature carries its deployment call (the auth package checks the same).
  signature: z.string().max(2 + 16_384).regex(/^0x[0-9a-fA-F]+$/, "Signature must be 0x-prefixed hex"),
});
export const authSignInOutput = z.object({ user: userSchema });
export const authMeOutput = userSchema.nullable();
export const authRefreshOutput = authSignInOutput;
export const authSignOutOutput = z.object({ ok: z.literal(true) });
export const authSignOutEverywhereOutput = authSignOutOutput;
export const authServiceTokenInput = z.object({ clientId: z.string().min(1).max(200), clientSecret: z.string().min(1).max(500) });
export const authServiceTokenOutput = z.object({ accessToken: z.string(), expiresAt: z.date() });

export const adminUserListInput = z
  .object({ search: text(0, BOUNDS.search).optional(), role: roleSchema.optional(), ...pagedQuery })
  .optional();
/** A user as admins see them: with their suspension, when there is one. */
export const adminUserSchema = userSchema.extend({
  suspendedAt: z.date().nullable(),
  suspensionReason: z.string().nullable(),
});
export const adminUserListOutput = pageOf(adminUserSchema);
export const adminUserSetRoleInput = z.object({ userId: idSchema, role: roleSchema });
export const adminUserSetRoleOutput = userSchema;
export const adminUserSignOutInput = z.object({ userId: idSchema });
export const adminUserSignOutOutput = z.object({ ok: z.literal(true) });
export const adminUserSuspendInput = z.object({ userId: idSchema, reason: text(1, SUSPENSION_REASON_MAX) });
export const adminUserSuspendOutput = adminUserSchema;
export const adminUserUnsuspendInput = z.object({ userId: idSchema });
export const adminUserUnsuspendOutput = adminUserSchema;

/** A display name: 3 to 30 letters, digits, spaces and . _ ' -; the server also refuses reserved and taken names. */
export const accountSetUsernameInput = z.object({ username: z.string().max(120, "A display name is 3 to 30 characters") });
export const accountSetUsernameOutput = userSchema;
