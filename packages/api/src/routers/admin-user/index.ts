import { z } from "zod";
import {
  adminUserListInput,
  adminUserListOutput,
  adminUserSetRoleInput,
  adminUserSetRoleOutput,
  adminUserSignOutInput,
  adminUserSignOutOutput,
  adminUserSuspendInput,
  adminUserSuspendOutput,
  adminUserUnsuspendInput,
  adminUserUnsuspendOutput,
} from "@caribex/contracts";
import { SERVICE_SCOPES } from "@caribex/domain";
import { adminProcedure, router } from "../../trpc";
import { authOf } from "../auth";

export const adminUserRouter = router({
  list: adminProcedure
    .meta({ scope: "users:read" })
    .input(adminUserListInput)
    .output(adminUserListOutput)
    .query(({ ctx, input }) => ctx.services.users.list(ctx.user, input ?? {})),

  setRole: adminProcedure
    .input(adminUserSetRoleInput)
    .output(adminUserSetRoleOutput)
    .mutation(({ ctx, input }) => ctx.services.users.setRole(ctx.user, input.userId, input.role)),

  /** Signs the user out everywhere: every session ends now and its streams close. */
  signOut: adminProcedure
    .input(adminUserSignOutInput)
    .output(adminUserSignOutOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.services.users.signOutEverywhere(ctx.user, input.userId);
      return { ok: true as const };
    }),

  /** Suspends a user (never oneself or another admin): no sign-in, no money movements, every session ends. */
  suspend: adminProcedure
    .input(adminUserSuspendInput)
    .output(adminUserSuspendOutput)
    .mutation(({ ctx, input }) => ctx.services.users.suspend(ctx.user, input.userId, input.reason)),

  /** Lifts a suspension; the user signs in again. */
  unsuspend: adminProcedure
    .input(adminUserUnsuspendInput)
    .output(adminUserUnsuspendOutput)
    .mutation(({ ctx, input }) => ctx.services.users.unsuspend(ctx.user, input.userId)),
});

export const serviceClientCreateInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SERVICE_SCOPES)).min(1).max(SERVICE_SCOPES.length),
});
export const serviceClientCreateOutput = z.object({
  clientId: z.string(),
  /** Shown once; only its hash is kept. */
  clientSecret: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SERVICE_SCOPES)),
});

export const serviceClientRevokeInput = z.object({ clientId: z.string().trim().min(1).max(100) });
export const serviceClientRevokeOutput = z.object({ ok: z.literal(true) });

export const adminServiceClientRouter = router({
  create: adminProcedure
    .input(serviceClientCreateInput)
    .output(serviceClientCreateOutput)
    .mutation(({ ctx, input }) => authOf(ctx).createServiceClient(ctx.user, input)),
  /** Ends a service client: its tokens are refused from their next request on. */
  revoke: adminProcedure
    .input(serviceClientRevokeInput)
    .output(serviceClientRevokeOutput)
    .mutation(async ({ ctx, input }) => {
      await authOf(ctx).revokeServiceClient(ctx.user, input);
      return { ok: true as const };
    }),
});
