import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { SYSTEM_ACTOR } from "@caribex/application";
import { outcome, signIn, startServer, until, type Running } from "./harness";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

describe("USDC deposits and withdrawals through the API", () => {
  let chain: TestChain;
  let s: Running;

  beforeAll(async () => {
    chain = await startTestChain();
    s = await startServer({ CHAIN_RPC_URL: chain.url, USDC_TOKEN_ADDRESS: chain.token, CHAIN_CONFIRMATIONS: "1", CHAIN_POLL_INTERVAL_MS: "100" });
  });
  afterAll(async () => {
    await s?.stop();
    await chain?.stop();
  });

  it("credits a deposit from the signed-in wallet, sends a withdrawal on chain, and proves reserves", async () => {
    const shopper = testAccount(10);
    await chain.mint(shopper.address, usdc(100));
    const { client } = await signIn(s.url, privateKeyToAccount(`0x${Buffer.from(shopper.getHdKey().privateKey!).toString("hex")}`));

    expect(await client.wallet.chainStatus.query()).toEqual({ enabled: true });
    const info = await client.wallet.depositInfo.query();
    expect(info).toMatchObject({ chainId: 31337, confirmations: 1, from: shopper.address });

    const hash = await chain.transfer(10, info.treasuryAddress as `0x${string}`, usdc(40));
    const [deposit] = await until(() => client.wallet.deposits.query(), (d) => d[0]?.status === "credited", "the deposit to be credited");
    expect(deposit).toMatchObject({ txHash: hash, amount: usdc(40), status: "credited" });
    expect((await client.wallet.balances.query()).find((b) => b.currency === "USDC")?.balance).toBe(usdc(40));

    const before = await chain.balanceOf(shopper.address);
    const w = await client.wallet.withdraw.mutate({ amount: usdc(15), idempotencyKey: randomUUID() });
    expect(w).toMatchObject({ status: "requested", to: shopper.address });
    const [done] = await until(() => client.wallet.withdrawals.query(), (l) => l[0]?.status === "confirmed", "the withdrawal to be confirmed");
    expect(done!.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await chain.balanceOf(shopper.address)).toBe(before + usdc(15));

    const reserves = (await (await fetch(`${s.url}/reserves`)).json()) as Record<string, unknown>;
    expect(reserves).toMatchObject({ chainId: 31337, currency: "USDC", onChain: "25.000000", difference: "0.000000" });
    const ready = (await (await fetch(`${s.url}/readyz`)).json()) as { details: { chain: string } };
    expect(ready.details.chain).toBe("closed");
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/CaribEX_chain_deposits\{status="credited"\} 1/);

    // The admin view agrees.
    const admin = privateKeyToAccount(`0x${"a1".repeat(32)}`);
    const { user } = await s.app.deps.services.users.signIn(admin.address);
    await s.db.uow.run(SYSTEM_ACTOR, (r) => r.users.setRole(user.id, "admin"));
    const { client: adminClient } = await signIn(s.url, admin);
    const rec = await adminClient.admin.chain.reconciliation.query();
    expect(rec).toMatchObject({ treasuryOnChain: usdc(25), liabilities: usdc(25), difference: 0n });
  });

  it("says the on-chain features are off when no chain is configured", async () => {
    const off = await startServer();
    try {
      const { client } = await signIn(off.url, privateKeyToAccount(`0x${"b2".repeat(32)}`));
      expect(await client.wallet.chainStatus.query()).toEqual({ enabled: false });
      expect(await outcome(client.wallet.depositInfo.query())).toBe("503 CHAIN.UNAVAILABLE");
      expect((await fetch(`${off.url}/reserves`)).status).toBe(503);
      const ready = await fetch(`${off.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { details: { chain: string } }).details.chain).toBe("off");
    } finally {
      await off.stop();
    }
  });
});
