import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createApp, type App } from "../src/app";
import { cookieHeader } from "@caribex/client/node";
import { browser, outcome, signIn, startServer, type Running } from "./harness";

type Browser = ReturnType<typeof browser>;

/** A second browser holding a copy of the first one's cookies (or only the named ones). */
function copyOf(base: string, from: Browser, names?: string[]): Browser {
  const b = browser(base);
  for (const [k, v] of from.jar) if (!names || names.includes(k)) b.jar.set(k, v);
  return b;
}

/** An account made admin (or seller) directly in the database before its session is first used. */
async function signInAs(s: Running, role: "admin" | "seller", account = privateKeyToAccount(generatePrivateKey())) {
  const b = await signIn(s.url, account);
  await s.app.database.db.execute(`update users set role = '${role}' where id = '${b.user.id}'`);
  return b;
}

interface OpenStream {
  status: number;
  /** Everything received until the server ended the stream. */
  ended: Promise<string>;
  close(): void;
}

/**
 * Opens order.onStatus over SSE and resolves once the server said it is connected (the stream is registered by
 * then: its lease is taken before the first byte is sent).
 */
async function openStream(base: string, jar: Map<string, string>): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/trpc/order.onStatus`, {
    headers: { accept: "text/event-stream", cookie: cookieHeader(jar) },
    signal: abort.signal,
  });
  if (res.status !== 200) {
    const text = await res.text();
    return { status: res.status, ended: Promise.resolve(text), close: () => {} };
  }
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
        if (text.includes("event: connected")) connected();
      }
    } catch {
      return text;
    } finally {
      connected();
    }
  })();
  await ready;
  return { status: res.status, ended, close: () => abort.abort() };
}

async function sessionOf(b: Browser) {
  return b.client.auth.me.query();
}

function storesUnderTest() {
  return [
    ["Redis", {}],
    // No REDIS_URL: sessions live in PostgreSQL and the cache is in-process only.
    ["PostgreSQL", { REDIS_URL: undefined as unknown as string }],
  ] as const;
}

describe.each(storesUnderTest())("revocable sessions, records in %s", (_store, env) => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ ...env, SSE_MAX_STREAMS_PER_USER: "2" });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("a copied session cookie stops working right after sign-out", async () => {
    const b = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    const copy = copyOf(s.url, b, ["caribex_session"]);
    expect((await sessionOf(copy))?.id).toBe(b.user.id);
    expect(await outcome(copy.client.wallet.balances.query())).toBe("ok");

    expect(await b.client.auth.signOut.mutate()).toEqual({ ok: true });
    expect(await sessionOf(copy)).toBeNull();
    expect(await outcome(copy.client.wallet.balances.query())).toBe("401 AUTH.UNAUTHENTICATED");
  });

  it("signOutEverywhere ends every session of the caller, on every device", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const [phone, laptop] = [await signIn(s.url, account), await signIn(s.url, account)];
    const laptopCopy = copyOf(s.url, laptop);
    expect((await sessionOf(laptop))?.id).toBe(phone.user.id);
    // Another user's session is not touched.
    const other = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));

    expect(await phone.client.auth.signOutEverywhere.mutate()).toEqual({ ok: true });
    expect(await sessionOf(phone)).toBeNull();
    expect(await sessionOf(laptop)).toBeNull();
    expect(await outcome(laptopCopy.client.cart.get.query())).toBe("401 AUTH.UNAUTHENTICATED");
    // Nor can the refresh tokens bring any of them back.
    expect(await outcome(laptop.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
    expect((await sessionOf(other))?.id).toBe(other.user.id);
    // Signing in again works as before.
    const again = await signIn(s.url, account);
    expect((await sessionOf(again))?.id).toBe(phone.user.id);
  });

  it("after refresh-token reuse is detected, the user's session cookies stop working", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const b = await signIn(s.url, account);
    const elsewhere = await signIn(s.url, account);
    const stolen = b.jar.get("caribex_refresh") as string;
    await b.client.auth.refresh.mutate();
    // The session cookie as it is after the legitimate refresh, copied by the thief too.
    const current = copyOf(s.url, b, ["caribex_session"]);
    expect((await sessionOf(current))?.id).toBe(b.user.id);

    const thief = browser(s.url);
    thief.jar.set("caribex_refresh", stolen);
    expect(await outcome(thief.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
    expect(await sessionOf(current)).toBeNull();
    expect(await sessionOf(b)).toBeNull();
    expect(await sessionOf(elsewhere)).toBeNull();
    expect(await outcome(elsewhere.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
  });

  it("a promotion shows at once; a demotion ends the seller's sessions, who signs in again as a customer", async () => {
    const admin = await signInAs(s, "admin");
    const account = privateKeyToAccount(generatePrivateKey());
    const user = await signIn(s.url, account);
    expect(await outcome(user.client.seller.product.list.query({}))).toBe("403 AUTH.FORBIDDEN");

    await admin.client.admin.user.setRole.mutate({ userId: user.user.id, role: "seller" });
    expect(await outcome(user.client.seller.product.list.query({}))).toBe("ok");
    const copy = copyOf(s.url, user);

    await admin.client.admin.user.setRole.mutate({ userId: user.user.id, role: "customer" });
    expect(await outcome(user.client.seller.product.list.query({}))).toBe("401 AUTH.UNAUTHENTICATED");
    expect(await sessionOf(copy)).toBeNull();
    expect(await outcome(copy.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");

    const again = await signIn(s.url, account);
    expect((await sessionOf(again))?.role).toBe("customer");
    expect(await outcome(again.client.seller.product.list.query({}))).toBe("403 AUTH.FORBIDDEN");
    // The admin's own session is untouched.
    expect((await sessionOf(admin))?.role).toBe("admin");
  });

  it("an admin signs a user out everywhere; nobody else may", async () => {
    const admin = await signInAs(s, "admin");
    const user = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    const stranger = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    expect(await outcome(stranger.client.admin.user.signOut.mutate({ userId: user.user.id }))).toBe("403 AUTH.FORBIDDEN");
    expect((await sessionOf(user))?.id).toBe(user.user.id);

    expect(await admin.client.admin.user.signOut.mutate({ userId: user.user.id })).toEqual({ ok: true });
    expect(await sessionOf(user)).toBeNull();
    expect(await outcome(user.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
    expect(await outcome(admin.client.admin.user.signOut.mutate({ userId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }))).toBe("404 USER.NOT_FOUND");
  });

  it("signOut with only the refresh cookie (session cookie expired) revokes the refresh token and the session", async () => {
    const b = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    const sessionOnly = copyOf(s.url, b, ["caribex_session"]);
    const refreshOnly = copyOf(s.url, b, ["caribex_refresh"]);
    expect(await refreshOnly.client.auth.signOut.mutate()).toEqual({ ok: true });
    expect(refreshOnly.jar.has("caribex_refresh")).toBe(false);

    const replay = copyOf(s.url, b, ["caribex_refresh"]);
    expect(await outcome(replay.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
    expect(await sessionOf(sessionOnly)).toBeNull();
    // Without any cookie it is a harmless no-op.
    expect(await browser(s.url).client.auth.signOut.mutate()).toEqual({ ok: true });
  });

  it("an open order.onStatus stream ends when its session is signed out, with an error saying so", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const b = await signIn(s.url, account);
    const other = await signIn(s.url, account);
    const stream = await openStream(s.url, b.jar);
    const survivor = await openStream(s.url, other.jar);
    expect(stream.status).toBe(200);

    await b.client.auth.signOut.mutate();
    const text = await stream.ended;
    expect(text).toContain("event: serialized-error");
    expect(text).toContain("AUTH.UNAUTHENTICATED");

    // The other session lives on; its stream ends only when its client leaves, without an error.
    expect((await sessionOf(other))?.id).toBe(b.user.id);
    survivor.close();
    expect(await survivor.ended).not.toContain("serialized-error");
  });

  it("caps the live streams per user (429), and a closed stream frees its place", async () => {
    const b = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    const first = await openStream(s.url, b.jar);
    const second = await openStream(s.url, b.jar);
    expect([first.status, second.status]).toEqual([200, 200]);

    const third = await openStream(s.url, b.jar);
    expect(third.status).toBe(429);
    const body = JSON.parse(await third.ended) as { error: { code: string; details: { limit: number } } };
    expect(body.error.code).toBe("RATE_LIMIT.EXCEEDED");
    expect(body.error.details.limit).toBe(2);
    // Another user has their own allowance.
    const other = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    const theirs = await openStream(s.url, other.jar);
    expect(theirs.status).toBe(200);
    theirs.close();

    first.close();
    await first.ended;
    // The server notices the closed connection on its own schedule: poll until the place is free.
    let again: OpenStream;
    for (;;) {
      again = await openStream(s.url, b.jar);
      if (again.status === 200) break;
      expect(again.status).toBe(429);
      await new Promise((r) => setImmediate(r));
    }
    again.close();
    second.close();
  });
});

describe.each([
  ["through the read cache", {}],
  // With the L2 switched off the read cache hears nothing from other instances; sessions must not depend on it.
  ["with the L2 cache switched off", { CACHE_L2_ENABLED: "false" }],
] as const)("revocation across instances sharing Redis, %s", (_name, env) => {
  let s: Running;
  let peer: App;
  let peerUrl: string;
  beforeAll(async () => {
    s = await startServer(env);
    // A second instance of the same deployment: same database, same Redis namespace.
    peer = await createApp(s.app.config, {
      defaultMetrics: false,
      namespace: s.app.namespace,
    });
    peerUrl = (await peer.listen(0, "127.0.0.1")).url;
    // Both caches subscribed and trusted before the test starts, so the peer answers from its L1.
    expect(await s.app.cache.ready(30_000)).toBe(true);
    expect(await peer.cache.ready(30_000)).toBe(true);
  });
  afterAll(async () => {
    await peer?.close();
    await s?.stop();
  });

  const on = (base: string, from: { jar: Map<string, string> }) => {
    const b = browser(base);
    for (const [k, v] of from.jar) b.jar.set(k, v);
    return b;
  };

  it("a sign-out on one instance is seen by the other at once, and closes the stream held there", async () => {
    const account: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey());
    const b = await signIn(s.url, account);
    const viaPeer = on(peerUrl, b);
    // The peer has looked the session up (and cached it).
    expect((await viaPeer.client.auth.me.query())?.id).toBe(b.user.id);
    expect((await viaPeer.client.auth.me.query())?.id).toBe(b.user.id);
    const stream = await openStream(peerUrl, b.jar);
    expect(stream.status).toBe(200);

    await b.client.auth.signOut.mutate();
    // The sign-out returns only after every live instance confirmed the eviction.
    expect(await viaPeer.client.auth.me.query()).toBeNull();
    expect(await stream.ended).toContain("AUTH.UNAUTHENTICATED");
  });

  it("signOutEverywhere on the peer ends sessions used through the first instance", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const first = await signIn(s.url, account);
    const second = await signIn(peerUrl, account);
    expect((await first.client.auth.me.query())?.id).toBe(second.user.id);

    await second.client.auth.signOutEverywhere.mutate();
    expect(await first.client.auth.me.query()).toBeNull();
    expect(await outcome(on(peerUrl, first).client.wallet.balances.query())).toBe("401 AUTH.UNAUTHENTICATED");
  });
});
