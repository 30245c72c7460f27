import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { browser, outcome, signIn, startServer, type Running } from "./harness";

describe("suspending a user over HTTP", () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s?.stop());

  it("ends every session at once, refuses sign-in and refresh with AUTH.SUSPENDED, and lets them back when lifted", async () => {
    const admin = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    await s.app.database.db.execute(`update users set role = 'admin' where id = '${admin.user.id}'`);
    const account = privateKeyToAccount(generatePrivateKey());
    const laptop = await signIn(s.url, account);
    const phone = await signIn(s.url, account);
    // A copy of the laptop's cookies, as an attacker holding them would send.
    const copy = browser(s.url);
    for (const [k, v] of laptop.jar) copy.jar.set(k, v);
    expect((await laptop.client.auth.me.query())?.id).toBe(laptop.user.id);
    expect((await phone.client.wallet.balances.query()).length).toBeGreaterThan(0);

    const suspended = await admin.client.admin.user.suspend.mutate({ userId: laptop.user.id, reason: "Reported for fraud" });
    expect(suspended.suspensionReason).toBe("Reported for fraud");

    for (const b of [laptop, phone, copy]) {
      expect(await b.client.auth.me.query()).toBeNull();
      expect(await outcome(b.client.wallet.balances.query())).toBe("401 AUTH.UNAUTHENTICATED");
    }
    expect(await outcome(copy.client.auth.refresh.mutate())).toBe("401 AUTH.REFRESH_INVALID");
    expect(await outcome(signIn(s.url, account))).toBe("403 AUTH.SUSPENDED");
    // The stricter rule: not oneself, not another admin.
    expect(await outcome(admin.client.admin.user.suspend.mutate({ userId: admin.user.id, reason: "oops" }))).toBe("403 USER.NOT_SUSPENDABLE");

    await admin.client.admin.user.unsuspend.mutate({ userId: laptop.user.id });
    // The old cookies stay dead; a fresh sign-in works.
    expect(await laptop.client.auth.me.query()).toBeNull();
    const again = await signIn(s.url, account);
    expect((await again.client.auth.me.query())?.id).toBe(laptop.user.id);
  });
});
