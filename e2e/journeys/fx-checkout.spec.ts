/**
 * Conversion at checkout: an admin funds the JMD conversion float from the dashboard with a memo; a shopper
 * deposits USDC on the local chain, opens a JMD product their JMD cannot pay, converts exactly the shortfall from
 * USDC at checkout (seeing the rate, the fee and both amounts before confirming) and buys it. Blocks are mined from
 * the test; nothing waits on the clock.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createTestClient, http } from "viem";
import { hardhat } from "viem/chains";
import { E2E, signInApi } from "../support/api";
import { emptyCart, signInAs } from "../web/support";

const rpcUrl = process.env.E2E_CHAIN_RPC_URL ?? "http://127.0.0.1:18545";
const confirmations = Number(process.env.E2E_CHAIN_CONFIRMATIONS ?? "2");
const miner = createTestClient({ chain: hardhat, mode: "hardhat", transport: http(rpcUrl, { retryCount: 0 }) });

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

async function balances(): Promise<Record<string, bigint>> {
  const { api } = await signInApi("shopper3");
  return Object.fromEntries((await api.wallet.balances.query()).map((b) => [b.currency, b.balance]));
}

test("deposit USDC → open a JMD product → convert exactly the shortfall at checkout → buy it", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const title = `Journey cassava bammy ${randomUUID().slice(0, 8)}`;
  const admin = await signInApi("admin");
  await admin.api.admin.fx.set.mutate({ base: "USDC", quote: "JMD", rate: "157.1" });

  // 1. The admin funds the JMD float from the treasury page, with a memo.
  const dashboardContext = await browser.newContext({ baseURL: E2E.adminUrl });
  const dashboard = await dashboardContext.newPage();
  await dashboard.goto("/sign-in");
  await dashboard.getByRole("button", { name: "Sign in as Admin" }).click();
  await expect(dashboard.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await dashboard.goto("/admin/treasury");
  const fund = dashboard.getByRole("form", { name: "Fund a house float" });
  await fund.getByLabel("Currency").selectOption("JMD");
  await fund.getByLabel("Amount").fill("50000.00");
  await fund.getByLabel("Memo").fill(`Journey float ${title}`);
  await fund.getByRole("button", { name: "Fund float" }).click();
  await expect(dashboard.getByText("Float funded with JMD 50,000.00")).toBeVisible();
  await shot(dashboard, testInfo, "1 admin funded the JMD float");

  // 2. The shopper deposits 20 USDC from the development wallet.
  const shopperContext = await browser.newContext({ baseURL: E2E.webUrl });
  const shopper = await shopperContext.newPage();
  await signInAs(shopper, "Shopper 3");
  await emptyCart(shopper);
  const start = await balances();
  await shopper.goto("/wallet");
  const addUsdc = shopper.getByRole("region", { name: "Add USDC" });
  await addUsdc.getByLabel("Amount (USDC)").fill("20.000000");
  await addUsdc.getByRole("button", { name: "Deposit from my wallet" }).click();
  const deposits = shopper.getByRole("list", { name: "Deposits" });
  await expect(deposits).toContainText("Pending");
  await miner.mine({ blocks: confirmations - 1 });
  await expect(deposits).not.toContainText("Pending");
  await expect.poll(async () => (await balances()).USDC).toBe(start.USDC! + 20_000_000n);

  // 3. A JMD product costing 1,000.00 JMD more than the shopper's JMD.
  const seller = await signInApi("seller1");
  const price = start.JMD! + 100_000n;
  const product = await seller.api.seller.product.create.mutate({ title, description: "Fresh from Old Harbour.", price, currency: "JMD", quantity: 1 });
  await shopper.goto(`/products/${product.id}`);
  await shopper.getByRole("button", { name: `Add to cart: ${title}` }).click();
  await expect(shopper.getByRole("link", { name: /^Cart, 1 item/ })).toBeVisible();
  await shopper.goto("/checkout");
  await expect(shopper.getByTestId("shortfall")).toContainText("JMD 1,000.00");

  // 4. Convert exactly the shortfall from USDC: rate, fee and both amounts before any money moves.
  const convert = shopper.getByTestId("convert-shortfall-JMD");
  const payWith = convert.getByLabel("Pay with");
  if (await payWith.count()) await payWith.selectOption("USDC");
  await convert.getByRole("button", { name: "Convert from USDC" }).click();
  const review = convert.getByTestId("quote-review");
  await expect(review.getByTestId("quote-receive")).toHaveText("JMD 1,000.00");
  await expect(review.getByTestId("quote-rate")).toHaveText("1 USDC = 157.1 JMD");
  // 1,000 / (157.1 · 0.995) = 6.397… USDC, rounded up to the micro-USDC; the fee is the spread in USDC.
  await expect(review.getByTestId("quote-pay")).toHaveText("USDC 6.397360");
  await expect(review.getByTestId("quote-fee")).toHaveText("USDC 0.031987");
  await expect(review.getByTestId("quote-countdown")).toContainText("This quote holds for");
  await shot(shopper, testInfo, "2 conversion quote at checkout");
  expect((await balances()).JMD).toBe(start.JMD);
  await review.getByRole("button", { name: /^Convert USDC 6\.397360$/ }).click();
  await expect(shopper.getByTestId("shortfall")).toBeHidden();

  // 5. The order is placed as usual, and costs exactly the JMD the shopper now has.
  await shopper.getByRole("button", { name: "Continue to confirm" }).click();
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper.getByRole("heading", { name: "Order placed" })).toBeVisible();
  await shot(shopper, testInfo, "3 order placed after converting");
  const end = await balances();
  expect(end.JMD).toBe(0n);
  expect(end.USDC).toBe(start.USDC! + 20_000_000n - 6_397_360n);

  await shopperContext.close();
  await dashboardContext.close();
});
