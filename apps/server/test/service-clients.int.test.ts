import { createCaribexClient } from "@caribex/client";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, outcome, signIn, startServer, type Running } from "./harness";

// Service tokens act with their own reduced `service` role, not as the admin who created them, and the
// service_clients table is consulted on every use, so revocation takes effect at once.

let s: Running;
let admin: Awaited<ReturnType<typeof signIn>>;
let seller: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  s = await startServer();
  admin = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
  seller = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
  await s.app.database.db.execute(`update users set role = 'admin' where id = '${admin.user.id}'`);
  await s.app.database.db.execute(`update users set role = 'seller' where id = '${seller.user.id}'`);
});
afterAll(async () => {
  await s?.stop();
});

async function serviceClient(scopes: ("catalog:read" | "orders:read" | "users:read" | "wallet:credit")[]) {
  const created = await admin.client.admin.serviceClient.create.mutate({ name: `svc ${scopes.join(" ")}`, scopes });
  const { accessToken } = await browser(s.url).client.auth.serviceToken.mutate({ clientId: created.clientId, clientSecret: created.clientSecret });
  const api = createCaribexClient({ url: `${s.url}/trpc`, headers: { authorization: `Bearer ${accessToken}` } });
  return { created, api };
}

describe("service tokens", () => {
  it("do not read archived products, which their creating admin can", async () => {
    const product = await seller.client.seller.product.create.mutate({ title: "Retired mug", description: "", price: 500n, currency: "JMD", quantity: 3 });
    await seller.client.seller.product.archive.mutate({ id: product.id });
    expect((await admin.client.product.byId.query({ id: product.id })).isActive).toBe(false);

    const { api } = await serviceClient(["catalog:read"]);
    expect(await outcome(api.product.byId.query({ id: product.id }))).toBe("404 PRODUCT.NOT_FOUND");
    expect((await api.product.list.query({ sellerId: seller.user.id })).items.map((p) => p.id)).not.toContain(product.id);
    expect(await outcome(api.category.list.query())).toBe("ok");
  });

  it("reach the admin procedures their scopes name, and no other", async () => {
    const { api } = await serviceClient(["orders:read", "users:read"]);
    expect(await outcome(api.admin.order.list.query())).toBe("ok");
    expect(await outcome(api.admin.user.list.query())).toBe("ok");
    expect(await outcome(api.admin.stats.query())).toBe("403 AUTH.FORBIDDEN");
    expect(await outcome(api.admin.serviceClient.revoke.mutate({ clientId: "svc_other" }))).toBe("403 AUTH.FORBIDDEN");
    expect(await outcome(api.admin.user.setRole.mutate({ userId: seller.user.id, role: "admin" }))).toBe("403 AUTH.FORBIDDEN");
    expect(await outcome(api.cart.get.query())).toBe("403 AUTH.FORBIDDEN");
  });

  it("stop working the moment their client is revoked", async () => {
    const { created, api } = await serviceClient(["users:read"]);
    expect(await outcome(api.admin.user.list.query())).toBe("ok");

    expect(await admin.client.admin.serviceClient.revoke.mutate({ clientId: created.clientId })).toEqual({ ok: true });
    expect(await outcome(api.admin.user.list.query())).toBe("401 AUTH.UNAUTHENTICATED");
    // No new token either, and revoking again is harmless.
    expect(await outcome(browser(s.url).client.auth.serviceToken.mutate({ clientId: created.clientId, clientSecret: created.clientSecret }))).toBe(
      "401 AUTH.SERVICE_CREDENTIALS_INVALID",
    );
    expect(await admin.client.admin.serviceClient.revoke.mutate({ clientId: created.clientId })).toEqual({ ok: true });
  });

  it("only admins revoke, and an unknown client is a 404", async () => {
    expect(await outcome(seller.client.admin.serviceClient.revoke.mutate({ clientId: "svc_whatever" }))).toBe("403 AUTH.FORBIDDEN");
    expect(await outcome(admin.client.admin.serviceClient.revoke.mutate({ clientId: "svc_nope" }))).toBe("404 AUTH.SERVICE_CLIENT_NOT_FOUND");
  });
});
