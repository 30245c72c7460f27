import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSiweMessage } from "viem/siwe";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { browser, DOMAIN, ORIGIN, outcome, startServer, type Running } from "./harness";

let s: Running;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s?.stop();
});

const account = privateKeyToAccount(generatePrivateKey());

type B = ReturnType<typeof browser>;

async function siwe(b: B, overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}, signer = account) {
  const { nonce } = await b.client.auth.nonce.query();
  const message = createSiweMessage({
    address: account.address,
    chainId: 1,
    domain: DOMAIN,
    uri: ORIGIN,
    version: "1",
    nonce,
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 5 * 60_000),
    statement: "Sign in to CaribEX",
    ...overrides,
  });
  return { message, signature: await signer.signMessage({ message }), nonce };
}

describe("SIWE sign-in over HTTP", () => {
  it("nonce → sign → signIn → cookie → me → refresh → signOut → me is null", async () => {
    const b = browser(s.url);
    expect(await b.client.auth.me.query()).toBeNull();
    const { message, signature } = await siwe(b);
    const { user } = await b.client.auth.signIn.mutate({ message, signature });
    expect(user.walletAddress).toBe(account.address);
    expect(user.role).toBe("customer");
    expect(b.jar.has("caribex_session")).toBe(true);
    expect(b.jar.has("caribex_refresh")).toBe(true);

    const me = await b.client.auth.me.query();
    expect(me?.id).toBe(user.id);
    // First sign-in opened empty wallets.
    const balances = await b.client.wallet.balances.query();
    expect(balances.length).toBeGreaterThan(0);
    expect(balances.every((x) => x.balance === 0n)).toBe(true);

    const oldRefresh = b.jar.get("caribex_refresh");
    const refreshed = await b.client.auth.refresh.mutate();
    expect(refreshed.user.id).toBe(user.id);
    expect(b.jar.get("caribex_refresh")).not.toBe(oldRefresh);

    expect(await b.client.auth.signOut.mutate()).toEqual({ ok: true });
    expect(await b.client.auth.me.query()).toBeNull();
    expect(b.jar.has("caribex_session")).toBe(false);
  });

  it("sets HttpOnly SameSite=Lax cookies with the configured lifetime", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b);
    const cookies: string[] = [];
    const res = await b.fetch(`${s.url}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { message, signature } }),
    });
    cookies.push(...res.headers.getSetCookie());
    expect(res.status).toBe(200);
    const session = cookies.find((c) => c.startsWith("caribex_session="));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Max-Age=86400/);
  });

  it("a reused refresh token revokes the whole family", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b);
    await b.client.auth.signIn.mutate({ message, signature });
    const stolen = b.jar.get("caribex_refresh") as string;
    await b.client.auth.refresh.mutate();
    const current = b.jar.get("caribex_refresh") as string;

    const thief = browser(s.url);
    thief.jar.set("caribex_refresh", stolen);
    expect(await outcome(thief.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
    // The legitimate holder's newer token was in the same family, so it is dead too.
    const victim = browser(s.url);
    victim.jar.set("caribex_refresh", current);
    expect(await outcome(victim.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
  });

  it("concurrent refreshes with one token: exactly one wins", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b);
    await b.client.auth.signIn.mutate({ message, signature });
    const token = b.jar.get("caribex_refresh") as string;
    const racers = Array.from({ length: 5 }, () => {
      const r = browser(s.url);
      r.jar.set("caribex_refresh", token);
      return outcome(r.client.auth.refresh.mutate());
    });
    const results = await Promise.all(racers);
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
  });
});

describe("SIWE attacks are refused with a clear code and never a 500", () => {
  it("replayed nonce", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b);
    const nonceCookie = b.jar.get("caribex_nonce") as string;
    await b.client.auth.signIn.mutate({ message, signature });
    // The attacker captured both the signed message and the nonce cookie.
    const attacker = browser(s.url);
    attacker.jar.set("caribex_nonce", nonceCookie);
    expect(await outcome(attacker.client.auth.signIn.mutate({ message, signature }))).toBe("401 AUTH.NONCE_INVALID");
  });

  it("nonce issued to another browser", async () => {
    const victim = browser(s.url);
    const { message, signature } = await siwe(victim);
    const attacker = browser(s.url);
    await attacker.client.auth.nonce.query();
    expect(await outcome(attacker.client.auth.signIn.mutate({ message, signature }))).toBe("401 AUTH.NONCE_INVALID");
    const noCookie = browser(s.url);
    expect(await outcome(noCookie.client.auth.signIn.mutate({ message, signature }))).toBe("401 AUTH.NONCE_INVALID");
  });

  it.each([
    ["wrong domain", { domain: "evil.example" }, "401 AUTH.DOMAIN_MISMATCH"],
    ["wrong URI", { uri: "https://evil.example/login" }, "401 AUTH.URI_MISMATCH"],
    ["disallowed chain", { chainId: 5 }, "401 AUTH.CHAIN_NOT_ALLOWED"],
    ["expired", { issuedAt: new Date(Date.now() - 3_600_000), expirationTime: new Date(Date.now() - 60_000) }, "401 AUTH.MESSAGE_EXPIRED"],
    ["not yet valid", { notBefore: new Date(Date.now() + 3_600_000) }, "401 AUTH.MESSAGE_NOT_YET_VALID"],
    ["issued in the future", { issuedAt: new Date(Date.now() + 3_600_000) }, "401 AUTH.MESSAGE_NOT_YET_VALID"],
  ] as const)("%s", async (_name, overrides, expected) => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b, overrides);
    expect(await outcome(b.client.auth.signIn.mutate({ message, signature }))).toBe(expected);
  });

  it("signature by another key", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b, {}, privateKeyToAccount(generatePrivateKey()));
    expect(await outcome(b.client.auth.signIn.mutate({ message, signature }))).toBe("401 AUTH.INVALID_SIGNATURE");
  });

  it("truncated and garbage signatures", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b);
    expect(await outcome(b.client.auth.signIn.mutate({ message, signature: signature.slice(0, 70) }))).toBe("401 AUTH.INVALID_SIGNATURE");
    const c = browser(s.url);
    const second = await siwe(c);
    expect(await outcome(c.client.auth.signIn.mutate({ message: second.message, signature: `0x${"ab".repeat(65)}` }))).toBe(
      "401 AUTH.INVALID_SIGNATURE",
    );
    expect(await outcome(c.client.auth.signIn.mutate({ message: second.message, signature: "not-hex" }))).toBe("400 VALIDATION.INVALID_INPUT");
  });

  it("garbage and oversized messages", async () => {
    const b = browser(s.url);
    const { signature } = await siwe(b);
    expect(await outcome(b.client.auth.signIn.mutate({ message: "hello there, sign me in", signature }))).toBe("400 AUTH.INVALID_MESSAGE");
    const { message } = await siwe(b);
    expect(await outcome(b.client.auth.signIn.mutate({ message: message + "\n" + "x".repeat(20_000), signature }))).toMatch(/^400 /);
  });
});

describe("service clients", () => {
  it("an admin creates a client; its token reaches only its scopes", async () => {
    const b = browser(s.url);
    const { message, signature } = await siwe(b);
    const { user } = await b.client.auth.signIn.mutate({ message, signature });
    // No admin exists yet to promote anyone, so the first one is made directly in the database.
    await s.app.database.db.execute(`update users set role = 'admin' where id = '${user.id}'`);

    const created = await b.client.admin.serviceClient.create.mutate({ name: "reporting", scopes: ["users:read"] });
    expect(created.clientSecret.length).toBeGreaterThan(30);
    const anon = browser(s.url);
    expect(await outcome(anon.client.auth.serviceToken.mutate({ clientId: created.clientId, clientSecret: "wrong" }))).toBe(
      "401 AUTH.SERVICE_CREDENTIALS_INVALID",
    );
    const { accessToken } = await anon.client.auth.serviceToken.mutate({ clientId: created.clientId, clientSecret: created.clientSecret });

    const call = (path: string) => fetch(`${s.url}/trpc/${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await call("admin.user.list")).status).toBe(200);
    expect((await call("category.list")).status).toBe(403);
    const bad = await fetch(`${s.url}/trpc/category.list`, { headers: { authorization: "Bearer nonsense" } });
    expect(bad.status).toBe(401);
  });
});
