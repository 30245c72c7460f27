import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { DOMAIN_ERROR_CODES, DomainError } from "@caribex/domain";
import type { Services } from "@caribex/application";
import { adminProcedure, authedProcedure, createCallerFactory, publicProcedure, router, sellerProcedure } from "./trpc";
import { createInnerContext, type Principal } from "./context";
import { ERROR_MAP, toTRPCError } from "./errors";

const services = {} as Services;
const testRouter = router({
  open: publicProcedure.query(() => "ok"),
  scoped: publicProcedure.meta({ scope: "catalog:read" }).query(() => "ok"),
  me: authedProcedure.query(({ ctx }) => ctx.user.id),
  sell: sellerProcedure.query(() => "ok"),
  admin: adminProcedure.meta({ scope: "users:read" }).query(() => "ok"),
  domain: publicProcedure.query(() => {
    throw new DomainError("WALLET.INSUFFICIENT_FUNDS", "Not enough", { need: 5n });
  }),
  boom: publicProcedure.query(() => {
    throw new Error("relation users does not exist: SELECT * FROM users");
  }),
  input: publicProcedure.input(z.object({ n: z.number().int().max(3) })).query(({ input }) => input.n),
});
const caller = (principal: Principal) => createCallerFactory(testRouter)(createInnerContext({ services }, { principal }));
const anon = caller({ kind: "anonymous" });
const as = (role: "customer" | "seller" | "admin") => caller({ kind: "session", user: { id: "u1", role } });

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "ok";
  } catch (e) {
    const err = e as TRPCError;
    return `${getHTTPStatusCodeFromError(err)} ${err.code}`;
  }
}

describe("error map", () => {
  it("covers every domain code with the status tRPC itself uses for the tRPC code", () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const e = toTRPCError(new DomainError(code, "x"));
      expect(getHTTPStatusCodeFromError(e), code).toBe(ERROR_MAP[code].http);
    }
  });
});

describe("procedure builders", () => {
  it("map roles to 401/403", async () => {
    expect(await codeOf(anon.me())).toBe("401 UNAUTHORIZED");
    expect(await codeOf(as("customer").me())).toBe("ok");
    expect(await codeOf(as("customer").sell())).toBe("403 FORBIDDEN");
    expect(await codeOf(as("seller").sell())).toBe("ok");
    expect(await codeOf(as("admin").sell())).toBe("403 FORBIDDEN");
    expect(await codeOf(as("seller").admin())).toBe("403 FORBIDDEN");
    expect(await codeOf(as("admin").admin())).toBe("ok");
  });

  it("let a service token reach only procedures in its scopes", async () => {
    const svc = caller({ kind: "service", clientId: "c", scopes: ["users:read"], user: { id: "a1", role: "admin" } });
    expect(await codeOf(svc.admin())).toBe("ok");
    expect(await codeOf(svc.scoped())).toBe("403 FORBIDDEN");
    expect(await codeOf(svc.open())).toBe("403 FORBIDDEN");
  });

  it("map domain, validation and unknown errors", async () => {
    expect(await codeOf(anon.domain())).toBe("409 CONFLICT");
    expect(await codeOf(anon.boom())).toBe("500 INTERNAL_SERVER_ERROR");
    await expect(anon.boom()).rejects.not.toThrow(/SELECT/);
    expect(await codeOf(anon.input({ n: 9 }))).toBe("400 BAD_REQUEST");
  });
});
