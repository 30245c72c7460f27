import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { appRouter, createCaller, createInnerContext, memoryExchange, type Principal } from "@caribex/api";
import { SERVICE_SCOPES, type Role } from "@caribex/domain";
import { startServer, type Running } from "./harness";

type Who = "anonymous" | "customer" | "seller" | "admin" | "service";
const HUMANS: Who[] = ["anonymous", "customer", "seller", "admin"];
const SIGNED_IN: Who[] = ["customer", "seller", "admin"];

/**
 * Who may call what. A new procedure fails the first test until it is added here, so access is always a
 * decision someone wrote down. "service" is a token holding every scope, with the reduced service role.
 */
const ACCESS: Record<string, Who[]> = {
  "auth.nonce": HUMANS,
  "auth.chains": HUMANS,
  "auth.signIn": HUMANS,
  "auth.me": HUMANS,
  "auth.refresh": HUMANS,
  // Works with only a refresh cookie (an expired session), so it cannot require a live session.
  "auth.signOut": HUMANS,
  "auth.signOutEverywhere": SIGNED_IN,
  "auth.serviceToken": HUMANS,
  "category.list": [...HUMANS, "service"],
  "product.list": [...HUMANS, "service"],
  "product.byId": [...HUMANS, "service"],
  "product.alsoBought": [...HUMANS, "service"],
  "seller.product.list": ["seller"],
  "seller.product.create": ["seller"],
  "seller.product.update": ["seller"],
  "seller.product.archive": ["seller"],
  "seller.order.list": ["seller"],
  "seller.order.ship": ["seller"],
  "seller.stats": ["seller"],
  "seller.review.list": ["seller"],
  "seller.review.reply": ["seller"],
  "seller.promotion.create": ["seller"],
  "seller.promotion.list": ["seller"],
  "seller.promotion.deactivate": ["seller"],
  "review.create": SIGNED_IN,
  "review.list": [...HUMANS, "service"],
  "review.forOrder": SIGNED_IN,
  "admin.review.list": ["admin"],
  "admin.review.hide": ["admin"],
  "seller.held": ["seller"],
  "cart.get": SIGNED_IN,
  "cart.setItem": SIGNED_IN,
  "cart.removeItem": SIGNED_IN,
  "cart.clear": SIGNED_IN,
  "checkout.place": SIGNED_IN,
  "checkout.preview": SIGNED_IN,
  "order.list": SIGNED_IN,
  "order.byId": SIGNED_IN,
  "order.cancel": SIGNED_IN,
  "order.confirmDelivery": SIGNED_IN,
  "order.openDispute": SIGNED_IN,
  "account.setUsername": SIGNED_IN,
  "address.list": SIGNED_IN,
  "address.create": SIGNED_IN,
  "address.update": SIGNED_IN,
  "address.delete": SIGNED_IN,
  "order.onStatus": SIGNED_IN,
  "wallet.onChainActivity": SIGNED_IN,
  "wallet.balances": SIGNED_IN,
  "wallet.send": SIGNED_IN,
  "wallet.history": SIGNED_IN,
  "wallet.chainStatus": SIGNED_IN,
  "wallet.depositInfo": SIGNED_IN,
  "wallet.deposits": SIGNED_IN,
  "wallet.withdraw": SIGNED_IN,
  "wallet.withdrawals": SIGNED_IN,
  "wallet.liabilityProof": SIGNED_IN,
  "wallet.quote": SIGNED_IN,
  "wallet.convert": SIGNED_IN,
  "wallet.withdrawalHolds.list": SIGNED_IN,
  "wallet.withdrawalHolds.cancel": SIGNED_IN,
  "admin.user.list": ["admin", "service"],
  "admin.user.setRole": ["admin"],
  "admin.user.signOut": ["admin"],
  "admin.user.suspend": ["admin"],
  "admin.user.unsuspend": ["admin"],
  "admin.serviceClient.create": ["admin"],
  "admin.serviceClient.revoke": ["admin"],
  "admin.category.create": ["admin"],
  "admin.category.update": ["admin"],
  "admin.category.delete": ["admin"],
  "admin.order.list": ["admin", "service"],
  "admin.order.resolveDispute": ["admin"],
  "admin.wallet.credit": ["admin"],
  "admin.stats": ["admin"],
  "admin.system.health": ["admin"],
  "admin.chain.reconciliation": ["admin"],
  "admin.chain.suspense.list": ["admin"],
  "admin.chain.suspense.assign": ["admin"],
  "admin.chain.withdrawals.paused": ["admin"],
  "admin.chain.withdrawals.setPaused": ["admin"],
  "admin.chain.liabilities.take": ["admin"],
  "admin.chain.liabilities.list": ["admin"],
  "fx.latest": [...HUMANS, "service"],
  "admin.fx.list": ["admin"],
  "admin.fx.set": ["admin"],
  "admin.fx.fundHouse": ["admin"],
  "admin.house.fund": ["admin"],
  "admin.reserves.snapshot": ["admin"],
  "admin.fx.treasury": ["admin"],
  "admin.withdrawalReviews.list": ["admin"],
  "admin.withdrawalReviews.approve": ["admin"],
  "admin.withdrawalReviews.reject": ["admin"],
  "webhook.endpoint.create": ["seller", "admin", "service"],
  "webhook.endpoint.list": ["seller", "admin", "service"],
  "webhook.endpoint.update": ["seller", "admin", "service"],
  "webhook.endpoint.delete": ["seller", "admin", "service"],
  "webhook.endpoint.rotateSecret": ["seller", "admin", "service"],
  "webhook.endpoint.sendTest": ["seller", "admin", "service"],
  "webhook.delivery.list": ["seller", "admin", "service"],
  "webhook.delivery.replay": ["seller", "admin", "service"],
};

let s: Running;
const principals = {} as Record<Who, Principal>;

beforeAll(async () => {
  s = await startServer();
  const make = async (role: Role) => {
    const { user } = await s.app.deps.services.users.signIn(privateKeyToAccount(generatePrivateKey()).address);
    await s.app.database.db.execute(`update users set role = '${role}' where id = '${user.id}'`);
    return { id: user.id, role };
  };
  const [customer, seller, admin] = await Promise.all([make("customer"), make("seller"), make("admin")]);
  principals.anonymous = { kind: "anonymous" };
  principals.customer = { kind: "session", user: customer };
  principals.seller = { kind: "session", user: seller };
  principals.admin = { kind: "session", user: admin };
  principals.service = { kind: "service", user: { id: admin.id, role: "service" }, clientId: "svc_test", scopes: [...SERVICE_SCOPES] };
});
afterAll(async () => {
  await s?.stop();
});

/** Calls a procedure by path with no input: refusals happen before input is even parsed. */
async function call(who: Who, path: string): Promise<string> {
  const caller = createCaller(createInnerContext(s.app.deps, { principal: principals[who], http: memoryExchange() }));
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  try {
    await fn(undefined);
    return "ok";
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { code?: string } | undefined;
    return `${e.code} ${cause?.code ?? ""}`.trim();
  }
}

const denied = (outcome: string) => /^(UNAUTHORIZED AUTH\.UNAUTHENTICATED|FORBIDDEN AUTH\.FORBIDDEN)$/.test(outcome);

describe("role matrix over every procedure on the root router", () => {
  const paths = Object.keys(appRouter._def.procedures).sort();

  it("every procedure has a row in the access table, and every row a procedure", () => {
    expect(paths.filter((p) => !(p in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it("allows exactly the table and refuses the rest with 401/403 (never a 500)", async () => {
    const mismatches: string[] = [];
    for (const path of paths) {
      for (const who of [...HUMANS, "service"] as Who[]) {
        const outcome = await call(who, path);
        expect(outcome, `${who} ${path}`).not.toMatch(/INTERNAL_SERVER_ERROR/);
        const allowed = (ACCESS[path] ?? []).includes(who);
        if (allowed === denied(outcome)) mismatches.push(`${who} → ${path}: ${outcome}`);
        if (!allowed && who === "anonymous") expect(outcome, path).toMatch(/^UNAUTHORIZED|^FORBIDDEN/);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("anonymous gets 401 and a signed-in customer 403 over HTTP too", async () => {
    const anon = await fetch(`${s.url}/trpc/admin.stats`);
    expect(anon.status).toBe(401);
    const body = (await anon.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe("AUTH.UNAUTHENTICATED");
    expect(body.error).toHaveProperty("details");
  });
});
