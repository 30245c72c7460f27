import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { erc20Abi } from "@caribex/chain";
import { parseConfig } from "@caribex/config";
import { DEV_TREASURY_KEY, setUpDevChain, startHardhatNode, DEV_WALLET_GRANT, type HardhatNode } from "@caribex/chain/dev";
import { DEMO_ACCOUNTS, DEMO_SEED_USDC } from "@caribex/domain";
import { createApp } from "../src/app";
import { ORIGIN, signIn, startServer } from "./harness";
import { freePort } from "./chain-kit";

interface Reserves {
  onChain: string;
  owed: { users: string; total: string };
  difference: string;
}

const usdcText = (units: bigint) => `${units / 1_000_000n}.${(units % 1_000_000n).toString().padStart(6, "0")}`;

/**
 * What `pnpm dev` does, on a chain of its own: the development chain setup, then a server that migrates and seeds
 * the demo data. The seed's USDC welcome credits are backed by what the setup minted to the treasury, so the
 * public proof of reserves shows no difference, on PostgreSQL and on the embedded database alike.
 */
describe("development reserves", () => {
  let node: HardhatNode;
  let token: `0x${string}`;

  beforeAll(async () => {
    node = await startHardhatNode(await freePort());
    const setup = await setUpDevChain(node.url);
    expect(setup.fresh).toBe(true);
    token = setup.token;
    // Running the setup again (a second `pnpm dev` against the same chain) mints nothing more.
    expect(await setUpDevChain(node.url)).toEqual({ token, fresh: false });
  });
  afterAll(async () => {
    await node?.stop();
  });

  const chainEnv = () => ({ CHAIN_RPC_URL: node.url, USDC_TOKEN_ADDRESS: token, CHAIN_CONFIRMATIONS: "1", CHAIN_POLL_INTERVAL_MS: "100" });

  async function reserves(url: string): Promise<Reserves> {
    const res = await fetch(`${url}/reserves`);
    expect(res.status).toBe(200);
    return (await res.json()) as Reserves;
  }

  it("the seeded USDC is backed on chain: /reserves difference is zero (PostgreSQL)", async () => {
    const s = await startServer({ ...chainEnv(), DB_SEED_ON_START: "true" });
    try {
      const r = await reserves(s.url);
      expect(DEMO_SEED_USDC).toBeGreaterThan(0n);
      expect(r.owed.users).toBe(usdcText(DEMO_SEED_USDC));
      expect(r.onChain).toBe(usdcText(DEMO_SEED_USDC));
      expect(r, JSON.stringify(r)).toMatchObject({ difference: "0.000000" });

      // Conversions both ways and a USDC house float funded from an admin's deposit leave the difference at zero:
      // the float is counted among what the treasury must hold.
      const admin = await signIn(s.url, privateKeyToAccount(DEMO_ACCOUNTS.find((a) => a.label === "Admin")!.privateKey));
      const shopper = await signIn(s.url, privateKeyToAccount(DEMO_ACCOUNTS.find((a) => a.label === "Shopper 1")!.privateKey));
      const usdcOf = async (c: typeof admin.client) => (await c.wallet.balances.query()).find((b) => b.currency === "USDC")!.balance;
      await admin.client.admin.fx.fundHouse.mutate({ currency: "JMD", amount: 10_000_000n, memo: "opening float", idempotencyKey: randomUUID() });
      const adminUsdc = await usdcOf(admin.client);
      if (adminUsdc > 0n) {
        await admin.client.admin.fx.fundHouse.mutate({ currency: "USDC", amount: adminUsdc, memo: "USDC float from a deposit", idempotencyKey: randomUUID() });
      }
      const q = await shopper.client.wallet.quote.query({ from: "USDC", to: "JMD", amount: 1_000_000n });
      await shopper.client.wallet.convert.mutate({ quoteId: q.id, idempotencyKey: randomUUID() });
      const back = await shopper.client.wallet.quote.query({ from: "JMD", to: "USDC", amount: 10_000n, side: "receive" });
      await shopper.client.wallet.convert.mutate({ quoteId: back.id, idempotencyKey: randomUUID() });
      const after = (await reserves(s.url)) as Reserves & { owed: { houseFloat: string }; houseFloats: Record<string, string> };
      expect(after.owed.houseFloat).toBe(usdcText(adminUsdc + q.pay - 10_000n));
      expect(after.houseFloats.USDC).toBe(after.owed.houseFloat);
      expect(after.owed.total).toBe(usdcText(DEMO_SEED_USDC));
      expect(after, JSON.stringify(after)).toMatchObject({ difference: "0.000000" });
    } finally {
      await s.stop();
    }
  });

  it("the same on the embedded database `pnpm dev` uses by default", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "caribex-dev-reserves-"));
    const config = parseConfig({
      NODE_ENV: "test",
      PGLITE_DIR: dir,
      DB_SEED_ON_START: "true",
      LOG_LEVEL: "silent",
      ALLOWED_ORIGINS: ORIGIN,
      ...chainEnv(),
    });
    const app = await createApp(config, { defaultMetrics: false, namespace: `test-${randomBytes(6).toString("hex")}` });
    try {
      const { url } = await app.listen(0, "127.0.0.1");
      const r = await reserves(url);
      expect(r.owed.total).toBe(usdcText(DEMO_SEED_USDC));
      expect(r, JSON.stringify(r)).toMatchObject({ difference: "0.000000" });
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("each demo account holds test USDC in its own wallet to deposit from, and the treasury nothing else", async () => {
    const pub = createPublicClient({ transport: http(node.url) });
    const balanceOf = (address: `0x${string}`) => pub.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [address] });
    for (const a of DEMO_ACCOUNTS) expect(await balanceOf(privateKeyToAccount(a.privateKey).address)).toBe(DEV_WALLET_GRANT);
    expect(await balanceOf(privateKeyToAccount(DEV_TREASURY_KEY).address)).toBe(DEMO_SEED_USDC);
  });
});
