import { z } from "zod";
import {
  authMeOutput,
  authChainsOutput,
  authNonceOutput,
  authRefreshOutput,
  authServiceTokenInput,
  authServiceTokenOutput,
  authSignInInput,
  authSignInOutput,
  authSignOutEverywhereOutput,
  authSignOutOutput,
} from "@caribex/contracts";
import { DomainError } from "@caribex/domain";
import type { AuthPort, Context } from "../../context";
import { authedProcedure, publicProcedure, router } from "../../trpc";

export function authOf(ctx: Context): AuthPort {
  if (!ctx.deps.auth) throw new DomainError("INTERNAL", "Sign-in is not configured on this server");
  return ctx.deps.auth;
}

export const authRouter = router({
  nonce: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "GET", path: "/auth/nonce", summary: "A sign-in nonce and the chain ids a SIWE message may name" } })
    .input(z.void())
    .output(authNonceOutput)
    .query(({ ctx }) => authOf(ctx).issueNonce(ctx.http)),

  // What nonce's `chainIds` says, without a nonce: wallet panels read it on load, and a nonce issued then would
  // replace the one another sign-in on the same page is signing.
  chains: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .input(z.void())
    .output(authChainsOutput)
    .query(({ ctx }) => ({ chainIds: authOf(ctx).chainIds() })),

  signIn: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "POST", path: "/auth/sign-in", summary: "Trade a signed EIP-4361 message for a session cookie" } })
    .input(authSignInInput)
    .output(authSignInOutput)
    .mutation(({ ctx, input }) => authOf(ctx).signIn(ctx.http, input)),

  me: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "GET", path: "/auth/me", summary: "The signed-in user, or null" } })
    .input(z.void())
    .output(authMeOutput)
    .query(async ({ ctx }) => (ctx.user ? ctx.services.users.findById(ctx.user.id) : null)),

  // Authenticated by the refresh cookie itself, so it still works after the session cookie expired.
  refresh: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .input(z.void())
    .output(authRefreshOutput)
    .mutation(({ ctx }) => authOf(ctx).refresh(ctx.http)),

  // Open to anyone: with only the refresh cookie left (the session cookie expired) it still revokes that token.
  signOut: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .meta({ openapi: { method: "POST", path: "/auth/sign-out", summary: "End this session", protect: true } })
    .input(z.void())
    .output(authSignOutOutput)
    .mutation(async ({ ctx }) => {
      await authOf(ctx).signOut(ctx.http);
      return { ok: true as const };
    }),

  /** Ends every session of the caller on every device, this one included, and closes their streams. */
  signOutEverywhere: authedProcedure
    .meta({ rateLimit: "sensitive" })
    .input(z.void())
    .output(authSignOutEverywhereOutput)
    .mutation(async ({ ctx }) => {
      await authOf(ctx).signOutEverywhere(ctx.http, ctx.user);
      return { ok: true as const };
    }),

  serviceToken: publicProcedure
    .meta({ rateLimit: "sensitive" })
    .input(authServiceTokenInput)
    .output(authServiceTokenOutput)
    .mutation(({ ctx, input }) => authOf(ctx).serviceToken(input)),
});
