/**
 * USDC in and out on a real local chain, across both apps: a shopper deposits from the development wallet and sees
 * it pending then credited (pushed live), buys a USDC product that the deposit made affordable; the seller ships,
 * the shopper confirms delivery, the seller pays the sale out from the dashboard, and the chain shows the transfer.
 * Blocks are mined from the test (the journeys' chain needs two confirmations): nothing waits on the clock.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { createPublicClient, createTestClient, http, parseAbi, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { E2E, signInApi } from "../support/api";
import { emptyCart, signInAs } from "../web/support";

const rpcUrl = process.env.E2E_CHAIN_RPC_URL ?? "http://127.0.0.1:18545";
const confirmations = Number(process.env.E2E_CHAIN_CONFIRMATIONS ?? "2");
const transport = http(rpcUrl, { retryCount: 0 });
const chain = createPublicClient({ chain: hardhat, transport });
const miner = createTestClient({ chain: hardhat, mode: "hardhat", transport });
const erc20 = parseAbi(["function balanceOf(address account) view returns (uint256)"]);

/** Enough blocks on top of the latest one for it to count as confirmed. */
const confirm = () => miner.mine({ blocks: confirmations - 1 });

/** "12.345678" for 12,345,678 base units: how the forms take a USDC amount. */
const usdcInput = (units: bigint) => `${units / 1_000_000n}.${(units % 1_000_000n).toString().padStart(6, "0")}`;

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

async function usdcBalance(who: "seller1" | "shopper1"): Promise<bigint> {
  const { api } = await signInApi(who);
  return (await api.wallet.balances.query()).find((b) => b.currency === "USDC")!.balance;
}

test("deposit from the wallet → pending → credited → buy → ship → confirm → seller pays out on chain", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const deposit = 10_000_000n; // 10 USDC
  const title = `Journey mahoe bowl ${randomUUID().slice(0, 8)}`;
  const shopperStarts = await usdcBalance("shopper1");
  const sellerStarts = await usdcBalance("seller1");
  // Priced just above what the shopper holds, so only the deposit makes it affordable.
  const price = shopperStarts + 5_000_000n;
  const seller = await signInApi("seller1");
  const product = await seller.api.seller.product.create.mutate({ title, description: "Turned from blue mahoe.", price, currency: "USDC", quantity: 1 });
  const { tokenAddress } = await seller.api.wallet.depositInfo.query();
  const token = tokenAddress as Hex;
  const onChain = (address: Hex) => chain.readContract({ address: token, abi: erc20, functionName: "balanceOf", args: [address] });
  const sellerWalletBefore = await onChain(seller.address);

  const shopperContext = await browser.newContext({ baseURL: E2E.webUrl });
  const dashboardContext = await browser.newContext({ baseURL: E2E.adminUrl });
  const shopper = await shopperContext.newPage();
  const dashboard = await dashboardContext.newPage();

  // 1. The shopper deposits from the development wallet; the deposit shows pending, then credited, without a reload.
  await signInAs(shopper, "Shopper 1");
  await emptyCart(shopper);
  await shopper.goto("/wallet");
  await expect(shopper.getByTestId("chain-live-status")).toHaveText("Live updates on");
  const addUsdc = shopper.getByRole("region", { name: "Add USDC" });
  await addUsdc.getByLabel("Amount (USDC)").fill(usdcInput(deposit));
  await addUsdc.getByRole("button", { name: "Deposit from my wallet" }).click();
  const deposits = shopper.getByRole("list", { name: "Deposits" });
  await expect(deposits).toContainText(`Pending: 1 of ${confirmations} confirmations`);
  await shot(shopper, testInfo, "1 deposit pending");
  await confirm();
  await expect(deposits).toContainText("Credited");
  await expect(deposits).not.toContainText("Pending");
  await shot(shopper, testInfo, "2 deposit credited");
  expect(await usdcBalance("shopper1")).toBe(shopperStarts + deposit);

  // 2. The deposit pays for the product.
  await shopper.goto(`/products/${product.id}`);
  await shopper.getByRole("button", { name: `Add to cart: ${title}` }).click();
  await expect(shopper.getByRole("link", { name: /^Cart, 1 item/ })).toBeVisible();
  await shopper.goto("/checkout");
  await shopper.getByRole("button", { name: "Continue to confirm" }).click();
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper.getByRole("heading", { name: "Order placed" })).toBeVisible();
  const href = await shopper.getByRole("link", { name: /^Order CX-\d+$/ }).first().getAttribute("href");
  const orderId = href!.split("/").pop()!;
  expect(await usdcBalance("shopper1")).toBe(shopperStarts + deposit - price);
  await shot(shopper, testInfo, "3 order placed");

  // 3. The seller ships from the dashboard; the shopper confirms delivery, which releases the escrow.
  await dashboard.goto("/sign-in");
  await dashboard.getByRole("button", { name: "Sign in as Seller 1" }).click();
  await expect(dashboard.getByRole("heading", { name: "Overview" })).toBeVisible();
  await dashboard.goto(`/seller/orders/${orderId}`);
  await dashboard.getByLabel("Ship without tracking").check();
  await dashboard.getByRole("button", { name: /^Mark shipped/ }).click();
  await dashboard.getByRole("button", { name: "Yes, mark it shipped" }).click();
  await expect(dashboard.getByText("Shipped. The payment is released")).toBeVisible();
  await shopper.goto(`/orders/${orderId}`);
  await shopper.getByRole("button", { name: "Confirm delivery" }).click();
  await shopper.getByRole("button", { name: "Yes, I received it" }).click();
  await expect(shopper.getByText("Delivered. Thank you for shopping with CaribEX!")).toBeVisible();
  expect(await usdcBalance("seller1")).toBe(sellerStarts + price);

  // 4. The seller pays the sale out to their own wallet; it is sent, then confirmed once the block is buried.
  await dashboard.goto("/seller/wallet?currency=USDC");
  await dashboard.getByLabel("Amount (USDC)").fill(usdcInput(price));
  await dashboard.getByRole("button", { name: "Review payout" }).click();
  await dashboard.getByRole("button", { name: "Confirm payout" }).click();
  const payouts = dashboard.getByRole("list", { name: "Payouts" });
  await expect(payouts).toContainText("Sent, confirming");
  await confirm();
  await expect(payouts).toContainText("Paid out");
  await shot(dashboard, testInfo, "4 seller paid out");

  // 5. The chain shows the transfer from the treasury to the seller's wallet.
  const [payout] = await seller.api.wallet.withdrawals.query();
  expect(payout).toMatchObject({ status: "confirmed", amount: price, to: seller.address });
  const receipt = await chain.getTransactionReceipt({ hash: payout!.txHash as Hex });
  expect(receipt.status).toBe("success");
  expect(receipt.to?.toLowerCase()).toBe(token.toLowerCase());
  expect(await onChain(seller.address)).toBe(sellerWalletBefore + price);
  expect(await usdcBalance("seller1")).toBe(sellerStarts);

  await shopperContext.close();
  await dashboardContext.close();
});
