/**
 * The whole marketplace loop across both apps and the server, in one browser with two people:
 * a seller lists a product in the dashboard, a shopper buys it in the storefront, the seller ships it,
 * the shopper confirms delivery, and the seller's wallet receives the money released from escrow.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { E2E, signInApi } from "../support/api";
import { emptyCart } from "../web/support";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

async function usdcBalance(who: "seller3" | "shopper3"): Promise<bigint> {
  const { api } = await signInApi(who);
  return (await api.wallet.balances.query()).find((b) => b.currency === "USDC")!.balance;
}

test("seller lists, shopper buys, seller ships, shopper confirms, seller is paid", async ({ browser }, testInfo) => {
  const title = `Journey calabash bowl ${randomUUID().slice(0, 8)}`;
  const sellerBefore = await usdcBalance("seller3");
  const shopperBefore = await usdcBalance("shopper3");

  // Two people, two separate browser contexts (separate cookies), one on each app.
  const sellerContext = await browser.newContext({ baseURL: E2E.adminUrl });
  const shopperContext = await browser.newContext({ baseURL: E2E.webUrl });
  const seller = await sellerContext.newPage();
  const shopper = await shopperContext.newPage();

  // 1. The seller lists a product in the dashboard.
  await seller.goto("/sign-in");
  await seller.getByRole("button", { name: "Sign in as Seller 3" }).click();
  await expect(seller.getByRole("heading", { name: "Overview" })).toBeVisible();
  await seller.goto("/seller/products/new");
  await seller.getByLabel("Title").fill(title);
  await seller.getByLabel("Description").fill("Hand-carved in Portland parish.");
  await seller.getByLabel("Currency").selectOption("USDC");
  await seller.getByLabel("Price").fill("3.25");
  await seller.getByLabel("Quantity in stock").fill("4");
  await seller.getByRole("button", { name: "Create product" }).click();
  await expect(seller).toHaveURL(/\/seller\/products\?created=/);
  await expect(seller.getByRole("row").filter({ hasText: title })).toContainText("USDC 3.25");
  await shot(seller, testInfo, "1 seller lists the product");

  // 2. The shopper finds it in the storefront and checks out.
  await shopper.goto("/sign-in");
  await shopper.getByRole("button", { name: "Sign in as Shopper 3" }).click();
  await expect(shopper.getByRole("button", { name: "Sign out" })).toBeVisible();
  await emptyCart(shopper);
  await shopper.goto(`/products?q=${encodeURIComponent(title.split(" ").slice(0, 3).join(" "))}`);
  await shopper.getByRole("link", { name: title }).click();
  await expect(shopper.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await shopper.getByRole("button", { name: `Add to cart: ${title}` }).click();
  await expect(shopper.getByRole("link", { name: /^Cart, 1 item/ })).toBeVisible();
  await shopper.goto("/checkout");
  await expect(shopper.getByTestId("debit-USDC")).toContainText("USDC 3.25");
  await shopper.getByRole("button", { name: "Continue to confirm" }).click();
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper.getByRole("heading", { name: "Order placed" })).toBeVisible();
  await shot(shopper, testInfo, "2 shopper placed the order");
  expect(await usdcBalance("shopper3")).toBe(shopperBefore - 3_250_000n);

  // 3. The seller ships it from the dashboard.
  await seller.goto("/seller/orders?status=paid");
  const orderLink = seller.getByRole("row").filter({ hasText: title }).getByRole("link").first();
  await orderLink.click();
  await seller.getByLabel("Ship without tracking").check();
  await seller.getByRole("button", { name: /^Mark shipped/ }).click();
  await seller.getByRole("button", { name: "Yes, mark it shipped" }).click();
  await expect(seller.getByText("Shipped. The payment is released")).toBeVisible();
  await shot(seller, testInfo, "3 seller shipped");

  // 4. The shopper sees it shipped and confirms delivery.
  await shopper.goto("/orders");
  await shopper.getByRole("table").getByRole("row").filter({ hasText: title }).getByRole("link").first().click();
  await expect(shopper.getByText("Your order is on its way.")).toBeVisible();
  await shopper.getByRole("button", { name: "Confirm delivery" }).click();
  // Releasing money asks first.
  await shopper.getByRole("button", { name: "Yes, I received it" }).click();
  await expect(shopper.getByText("Delivered. Thank you for shopping with CaribEX!")).toBeVisible();
  await shot(shopper, testInfo, "4 shopper confirmed delivery");

  // 5. The escrow is released to the seller's wallet, visible in the dashboard.
  expect(await usdcBalance("seller3")).toBe(sellerBefore + 3_250_000n);
  await seller.goto("/seller/wallet?currency=USDC");
  await expect(seller.getByRole("table").first()).toContainText("3.250000");
  await shot(seller, testInfo, "5 seller wallet after release");

  await sellerContext.close();
  await shopperContext.close();
});
