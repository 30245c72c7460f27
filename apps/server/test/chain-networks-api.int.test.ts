import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import { outcome, signIn, startServer, until, type Running } from "./harness";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

/** The server configured with CHAIN_NETWORKS: its jobs scan and send on both networks. */
describe("USDC on two networks through the API", () => {
  let alpha: TestChain;
  let beta: TestChain;
  let s: Running;

  beforeAll(async () => {
    [alpha, beta] = await Promise.all([startTestChain({ chainId: 31337 }), startTestChain({ chainId: 4242 })]);
    s = await startServer({
      CHAIN_NETWORKS: JSON.stringify([
        { chainId: 31337, name: "Alpha", rpcUrl: alpha.url, usdcAddress: alpha.token, confirmations: 1 },
        { chainId: 4242, name: "Beta", rpcUrl: beta.url, usdcAddress: beta.token, confirmations: 3 },
      ]),
      CHAIN_POLL_INTERVAL_MS: "100",
    });
  });
  afterAll(async () => {
    await s?.stop();
    await Promise.allSettled([alpha?.stop(), beta?.stop()]);
  });

  it("takes deposits on both, sends on the network named, refuses what no named network can pay, and shows both in /reserves", async () => {
    const shopper = testAccount(10);
    await Promise.all([alpha.mint(shopper.address, usdc(100)), beta.mint(shopper.address, usdc(100))]);
    const { client } = await signIn(s.url, privateKeyToAccount(`0x${Buffer.from(shopper.getHdKey().privateKey!).toString("hex")}`));

    const info = await client.wallet.depositInfo.query();
    expect(info.networks.map((n) => [n.name, n.chainId, n.confirmations])).toEqual([
      ["Alpha", 31337, 1],
      ["Beta", 4242, 3],
    ]);
    const treasury = info.treasuryAddress as `0x${string}`;
    await alpha.transfer(10, treasury, usdc(40));
    await beta.transfer(10, treasury, usdc(60));
    await beta.mine(2);
    const usdcBalance = async () => (await client.wallet.balances.query()).find((b) => b.currency === "USDC")?.balance;
    await until(usdcBalance, (b) => b === usdc(100), "both deposits to be credited");
    const deposits = await client.wallet.deposits.query();
    expect(deposits.map((d) => [d.chainId, d.status]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [4242, "credited"],
      [31337, "credited"],
    ]);

    // Alpha holds 40: 50 there is refused, and Beta (60) is named as the network that could pay it.
    expect(await outcome(client.wallet.withdraw.mutate({ amount: usdc(50), network: 31337, idempotencyKey: randomUUID() }))).toBe(
      "409 CHAIN.INSUFFICIENT_LIQUIDITY",
    );
    const before = await beta.balanceOf(shopper.address);
    const w = await client.wallet.withdraw.mutate({ amount: usdc(50), network: 4242, idempotencyKey: randomUUID() });
    expect(w).toMatchObject({ chainId: 4242, status: "requested" });
    // Beta needs three confirmations of the withdrawal: mine while waiting (the sender never waits on a clock).
    await until(
      async () => {
        await beta.mine(1);
        return client.wallet.withdrawals.query();
      },
      (l) => l[0]?.status === "confirmed",
      "the withdrawal to be confirmed on Beta",
    );
    expect(await beta.balanceOf(shopper.address)).toBe(before + usdc(50));

    const reserves = (await (await fetch(`${s.url}/reserves`)).json()) as { onChain: string; difference: string; networks: { chainId: number; name: string; onChain: string }[] };
    expect(reserves).toMatchObject({ onChain: "50.000000", difference: "0.000000" });
    expect(reserves.networks).toMatchObject([
      { chainId: 31337, name: "Alpha", onChain: "40.000000" },
      { chainId: 4242, name: "Beta", onChain: "10.000000" },
    ]);
  });
});
