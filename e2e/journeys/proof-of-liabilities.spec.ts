/**
 * Proof of liabilities, as a shopper sees it: after a USDC deposit from the development wallet and a snapshot
 * taken by an admin (through the API, as the dashboard's button does), the wallet page fetches the shopper's
 * inclusion proof and checks it in the browser against the published root and total.
 * Blocks are mined from the test (the journeys' chain needs two confirmations): nothing waits on the clock.
 */
import { expect, test } from "@playwright/test";
import { createTestClient, http } from "viem";
import { hardhat } from "viem/chains";
import { E2E, signInApi } from "../support/api";
import { signInAs } from "../web/support";

const rpcUrl = process.env.E2E_CHAIN_RPC_URL ?? "http://127.0.0.1:18545";
const confirmations = Number(process.env.E2E_CHAIN_CONFIRMATIONS ?? "2");
const miner = createTestClient({ chain: hardhat, mode: "hardhat", transport: http(rpcUrl, { retryCount: 0 }) });

const usdcText = (units: bigint) => `${units / 1_000_000n}.${(units % 1_000_000n).toString().padStart(6, "0")}`;

test("a shopper's USDC deposit is included in the published liabilities, verified in the browser", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: E2E.webUrl });
  const page = await context.newPage();
  await signInAs(page, "Shopper 3");
  await page.goto("/wallet");
  await expect(page.getByTestId("liability-proof")).toBeVisible();

  // 1. A deposit from the development wallet, confirmed.
  const addUsdc = page.getByRole("region", { name: "Add USDC" });
  await addUsdc.getByLabel("Amount (USDC)").fill("5.000000");
  await addUsdc.getByRole("button", { name: "Deposit from my wallet" }).click();
  const deposits = page.getByRole("list", { name: "Deposits" });
  await expect(deposits).toContainText("Pending");
  await miner.mine({ blocks: confirmations - 1 });
  await expect(deposits).not.toContainText("Pending");

  // 2. An admin publishes a snapshot.
  const admin = await signInApi("admin");
  const snapshot = await admin.api.admin.chain.liabilities.take.mutate();
  const shopper = await signInApi("shopper3");
  const owed = (await shopper.api.wallet.liabilityProof.query()).proof!.balance;
  expect(owed).toBe((await shopper.api.wallet.balances.query()).find((b) => b.currency === "USDC")!.balance);

  // 3. The wallet page verifies the shopper's proof in the browser.
  await page.reload();
  const verified = page.getByTestId("pol-verified");
  await expect(verified).toContainText(`Your balance of ${usdcText(owed)} USDC is included in the published total of ${usdcText(snapshot.total)} USDC`);
  await expect(verified).toContainText("verified in your browser");
  await testInfo.attach("wallet with verified inclusion", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  await context.close();
});
