import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyToAccount } from "viem/accounts";
import type { Hex } from "viem";
import { createApp, type App } from "../src/app";
import { signIn, startServer, testConfig, until, type Running } from "./harness";
import { startTestChain, testAccount, usdc, type TestChain } from "./chain-kit";

const CONFIRMATIONS = 3;

interface Activity {
  kind: "deposit" | "withdrawal";
  id: string;
  status: string;
  confirmations?: number;
  txHash?: string;
  at: Date;
}

const keyOf = (i: number) => privateKeyToAccount(`0x${Buffer.from(testAccount(i).getHdKey().privateKey!).toString("hex")}`);

/** Opens `wallet.onChainActivity` for a signed-in client and records what arrives; resolves once the stream is open. */
async function listen(client: Awaited<ReturnType<typeof signIn>>["client"]) {
  const events: Activity[] = [];
  const errors: unknown[] = [];
  let unsubscribe = () => {};
  await new Promise<void>((resolve, reject) => {
    const sub = client.wallet.onChainActivity.subscribe(undefined, {
      onStarted: () => resolve(),
      onData: (e) => void events.push(e),
      onError: (e) => {
        errors.push(e);
        reject(e);
      },
    });
    unsubscribe = () => sub.unsubscribe();
  });
  return { events, errors, close: () => unsubscribe() };
}

describe("live deposit and withdrawal status across instances", () => {
  let chain: TestChain;
  let jobs: Running;
  let peer: App;
  let peerUrl: string;

  beforeAll(async () => {
    chain = await startTestChain();
    const chainEnv = { CHAIN_RPC_URL: chain.url, USDC_TOKEN_ADDRESS: chain.token, CHAIN_CONFIRMATIONS: String(CONFIRMATIONS), CHAIN_POLL_INTERVAL_MS: "100" };
    // Instance A scans deposits and sends withdrawals; instance B, on the same database and Redis, runs no jobs
    // and only serves the streams, so everything B's clients hear travelled through Redis.
    jobs = await startServer(chainEnv);
    const config = testConfig(jobs.db.url, { JOBS_MODE: "off", ...chainEnv });
    peer = await createApp(config, { defaultMetrics: false, namespace: jobs.app.namespace });
    peerUrl = (await peer.listen(0, "127.0.0.1")).url;
  });
  afterAll(async () => {
    await peer?.close();
    await jobs?.stop();
    await chain?.stop();
  });

  it("a deposit shows pending then credited, and a withdrawal broadcast then confirmed, on the other instance's stream", async () => {
    await chain.mint(testAccount(12).address, usdc(100));
    const shopper = await signIn(peerUrl, keyOf(12));
    const bystander = await signIn(peerUrl, keyOf(13));
    const mine = await listen(shopper.client);
    const theirs = await listen(bystander.client);
    const info = await shopper.client.wallet.depositInfo.query();

    // Deposit: seen in its own block (one confirmation, short of three), then final two blocks later.
    const hash = await chain.transfer(12, info.treasuryAddress as Hex, usdc(40));
    const [pending] = await until(() => mine.events, (e) => e.length >= 1, "the pending deposit event");
    expect(pending).toMatchObject({ kind: "deposit", status: "pending", confirmations: 1, txHash: hash });
    await chain.mine(CONFIRMATIONS - 1);
    await until(() => mine.events, (e) => e.length >= 2, "the credited deposit event");
    expect(mine.events.map((e) => [e.kind, e.status])).toEqual([
      ["deposit", "pending"],
      ["deposit", "credited"],
    ]);
    expect(mine.events[1]).toMatchObject({ id: pending!.id, txHash: hash });
    const [deposit] = await shopper.client.wallet.deposits.query();
    expect(deposit).toMatchObject({ id: pending!.id, status: "credited", amount: usdc(40) });

    // Withdrawal, asked for on B: requested at once, broadcast by A's sender, confirmed after the confirmations.
    const w = await shopper.client.wallet.withdraw.mutate({ amount: usdc(15), idempotencyKey: randomUUID() });
    const broadcast = await until(
      () => mine.events.find((e) => e.kind === "withdrawal" && e.status === "broadcast"),
      (e) => e !== undefined,
      "the broadcast withdrawal event",
    );
    expect(broadcast).toMatchObject({ id: w.id, txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) as unknown });
    await chain.mine(CONFIRMATIONS - 1);
    const confirmed = await until(
      () => mine.events.find((e) => e.kind === "withdrawal" && e.status === "confirmed"),
      (e) => e !== undefined,
      "the confirmed withdrawal event",
    );
    expect(confirmed).toMatchObject({ id: w.id, txHash: broadcast!.txHash });
    expect(mine.events.filter((e) => e.kind === "withdrawal").map((e) => e.status)).toEqual(["requested", "broadcast", "confirmed"]);
    const receipt = await chain.pub.getTransactionReceipt({ hash: confirmed!.txHash as Hex });
    expect(receipt.status).toBe("success");

    // Every event above was delivered by the same Redis messages that would have reached another user's stream.
    expect(theirs.events).toEqual([]);
    expect(mine.errors).toEqual([]);
    mine.close();
    theirs.close();
  });
});
